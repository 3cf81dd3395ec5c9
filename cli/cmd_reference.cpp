// facet reference: the collection's background reference (what the velvet should look like).
#include "calibration/collection_reference.hpp"
#include "cli/args.hpp"
#include "cli/command.hpp"
#include "pipeline/checks/background_stats.hpp"
#include "pipeline/cutout.hpp"
#include "pipeline/errors.hpp"
#include "pipeline/image_io.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>

namespace facet::cli {
namespace {

const char* kUsage =
    "usage: facet reference create PLATE_OR_FRAME... -o REF [--name NAME]\n"
    "                              [--iso N] [--shutter SECONDS] [--aperture F] [--wb NAME]\n"
    "       facet reference show REF\n"
    "\n"
    "create  measures the velvet in each plate or frame (the piece, if any, is cut out first and\n"
    "        left out) and writes their average as the collection's reference (JSON): lightness,\n"
    "        colour in Lab, an evenness grid, and the camera settings given. All inputs must have\n"
    "        the size of the frames the reference will be compared with (live view and captures\n"
    "        each need their own).\n"
    "show    prints what a reference holds.\n";

double optionalNumber(const Args& args, const std::string& name) {
    const double v = args.number(name, NAN);
    if (!(v > 0)) throw UsageError(name + " must be a positive number");
    return v;
}

int create(const Args& args) {
    const auto& pos = args.positional();
    if (pos.size() < 2) throw UsageError("give at least one PLATE_OR_FRAME");
    const std::string out = args.value("-o", args.value("--output", ""));
    if (out.empty()) throw UsageError("give the reference file with -o REF");
    CaptureSettings settings;
    if (args.value("--iso")) settings.iso = optionalNumber(args, "--iso");
    if (args.value("--shutter")) settings.shutterSeconds = optionalNumber(args, "--shutter");
    if (args.value("--aperture")) settings.aperture = optionalNumber(args, "--aperture");
    settings.whiteBalance = args.value("--wb", "");

    std::vector<checks::BackgroundStats> stats;
    std::vector<std::string> sources(pos.begin() + 1, pos.end());
    for (const std::string& path : sources) {
        LoadedImage img = loadImage(path);
        if (!stats.empty() && img.linear.size() != stats[0].frameSize)
            throw InputError(path + " is " + std::to_string(img.linear.cols) + "x" + std::to_string(img.linear.rows) + " but " +
                             sources[0] + " is " + std::to_string(stats[0].frameSize.width) + "x" +
                             std::to_string(stats[0].frameSize.height) + ": a reference is made from frames of one size");
        checks::CheckInput in;
        in.frame = img.linear;
        CutoutInputs ci;
        ci.shot = img.linear;
        ci.codeAtBlack = codeAtBlack(img);
        in.matte = makeCutout(ci).alpha;  // an empty plate gives an empty matte: all velvet
        stats.push_back(checks::measureBackground(in));
        if (!stats.back().valid()) throw InputError(path + ": no velvet visible to measure");
    }
    CollectionReference ref = makeCollectionReference(stats, sources, settings);
    ref.name = args.value("--name", "");
    saveCollectionReference(ref, out);
    char line[160];
    std::snprintf(line, sizeof line, ": velvet L* %.1f, Lab (%.1f, %.1f, %.1f), from %d frame(s) of %dx%d\n",
                  ref.background.lab[0], ref.background.lab[0], ref.background.lab[1], ref.background.lab[2], ref.frames,
                  ref.background.frameSize.width, ref.background.frameSize.height);
    std::cout << out << line;
    return kOk;
}

int show(const Args& args) {
    if (args.positional().size() != 2) throw UsageError("give exactly one REF");
    const CollectionReference ref = loadCollectionReference(args.positional()[1]);
    const auto& b = ref.background;
    std::printf("%s\n  frames %d of %dx%d, created %s\n  velvet luminance %.4f, L* %.1f, a* %.2f, b* %.2f\n",
                args.positional()[1].c_str(), ref.frames, b.frameSize.width, b.frameSize.height, ref.created.c_str(),
                b.luminance, b.lab[0], b.lab[1], b.lab[2]);
    std::printf("  evenness (cell lightness / mean):\n");
    const auto rel = b.relativeLightness();
    for (int r = 0; r < b.gridRows; ++r) {
        std::printf("   ");
        for (int c = 0; c < b.gridCols; ++c) {
            const float v = rel[r * b.gridCols + c];
            if (std::isfinite(v)) std::printf(" %4.2f", v);
            else std::printf("    -");
        }
        std::printf("\n");
    }
    return kOk;
}

int runReference(const std::vector<std::string>& argv) {
    Args args(argv, {"-o", "--output", "--name", "--iso", "--shutter", "--aperture", "--wb"});
    if (args.positional().empty()) throw UsageError("say what to do: create or show");
    const std::string what = args.positional()[0];
    if (what == "create") return create(args);
    if (what == "show") return show(args);
    throw UsageError("unknown action '" + what + "' (create or show)");
}

Registration reg{"reference", "make or show a collection's background reference", runReference, kUsage};

}  // namespace
}  // namespace facet::cli
