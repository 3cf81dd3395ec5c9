// facet cutout: one shot (and its plate, and optionally the backlit pair) to a cutout file.
#include "cli/args.hpp"
#include "cli/command.hpp"
#include "pipeline/atomic_file.hpp"
#include "pipeline/cutout.hpp"
#include "pipeline/cutout_export.hpp"
#include "pipeline/cutout_report.hpp"
#include "pipeline/errors.hpp"
#include "pipeline/frame_background.hpp"
#include "pipeline/image_io.hpp"
#include "pipeline/raw_preview.hpp"
#include "profiles/cutout_params_from.hpp"
#include "profiles/profile_loader.hpp"

#include <chrono>
#include <optional>
#include <iostream>

namespace facet::cli {
namespace {

const char* kUsage =
    "usage: facet cutout SHOT -o OUT [--plate PLATE] [--backlit SHOT2 --backlit-plate PLATE2]\n"
    "                    [--profile NAME|FILE] [--stones preserve|transmit] [--surface velvet|acrylic]\n"
    "                    [--alpha ALPHA.png] [--confidence CONF.png] [--report REPORT.json]\n"
    "\n"
    "Cuts the piece out of SHOT (PNG, TIFF, JPEG or camera RAW) with a true alpha channel.\n"
    "  -o OUT            .png / .tif: 16-bit RGBA, straight alpha; .jpg: the piece on pure white\n"
    "  --plate PLATE     the empty set shot with the same settings (a clean plate): a measured\n"
    "                    matte; without it the background is modelled from the frame\n"
    "  --backlit SHOT2   dual capture: the same set with the backlight on (needs --backlit-plate\n"
    "                    and --plate): exact alpha, stones included\n"
    "  --profile P       a capture profile (name or .toml, see 'facet profile list'): its\n"
    "                    pipeline settings; --stones and --surface override them\n"
    "  --stones          preserve (default): stones opaque inside their outline;\n"
    "                    transmit: their true partial alpha (dual capture only)\n"
    "  --surface         velvet (default) or acrylic (removes the mirror image below the piece)\n"
    "  --alpha FILE      also write the alpha alone (16-bit grey PNG)\n"
    "  --confidence FILE also write the confidence map (8-bit grey PNG, white = measured)\n"
    "  --report FILE     write a JSON report: method, regions to check, coverage, timings\n";

StoneTreatment parseStones(const std::string& s) {
    if (s == "preserve") return StoneTreatment::Preserve;
    if (s == "transmit") return StoneTreatment::Transmit;
    throw UsageError("--stones must be 'preserve' or 'transmit', not '" + s + "'");
}

SurfaceKind parseSurface(const std::string& s) {
    if (s == "velvet") return SurfaceKind::Velvet;
    if (s == "acrylic") return SurfaceKind::Acrylic;
    throw UsageError("--surface must be 'velvet' or 'acrylic', not '" + s + "'");
}

void writeGrey(const std::string& path, const cv::Mat& m, double scale, int depth) {
    cv::Mat out;
    m.convertTo(out, depth, scale);
    saveGreyMap(path, out);
}

int runCutout(const std::vector<std::string>& argv) {
    Args args(argv, {"-o", "--output", "--plate", "--backlit", "--backlit-plate", "--stones", "--surface",
                     "--alpha", "--confidence", "--report", "--profile"});
    if (args.positional().size() != 1) throw UsageError("give exactly one SHOT");
    const std::string out = args.value("-o", args.value("--output", ""));
    if (out.empty()) throw UsageError("give the output file with -o OUT");

    CutoutParams params;
    if (auto p = args.value("--profile")) params = cutoutParamsFrom(loadProfile(*p));
    if (auto v = args.value("--stones")) params.stones = parseStones(*v);
    if (auto v = args.value("--surface")) params.surface = parseSurface(*v);
    params.confidenceMap = args.value("--confidence").has_value();  // else nobody reads it
    if (args.value("--backlit").has_value() != args.value("--backlit-plate").has_value())
        throw UsageError("--backlit and --backlit-plate go together");
    if (args.value("--backlit") && !args.value("--plate"))
        throw UsageError("a dual capture needs the front plate too (--plate)");

    const auto t0 = std::chrono::steady_clock::now();
    // A RAW shot: its embedded preview is what a station shows at once; time it for the report.
    double previewMs = -1;
    if (sniffImageFormat(args.positional()[0]) == "raw") {
        const auto p0 = std::chrono::steady_clock::now();
        try {
            (void)loadRawPreview(args.positional()[0]);
            previewMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - p0).count();
        } catch (const InputError&) {
            // No usable preview: the full decode below says what is wrong with the file.
        }
    }
    // Decode every file at once (a 24 MP TIFF or RAW takes a core for a while); then check
    // that they belong together, naming the files.
    struct Input {
        std::optional<std::string> path;
        std::string role;
    };
    const std::vector<Input> inputs{{args.positional()[0], "shot"},
                                    {args.value("--plate"), "plate"},
                                    {args.value("--backlit"), "backlit shot"},
                                    {args.value("--backlit-plate"), "backlit plate"}};
    std::vector<std::string> paths;
    std::vector<bool> halfPrecision;
    for (const auto& i : inputs)
        if (i.path) paths.push_back(*i.path), halfPrecision.push_back(i.role == "plate" || i.role == "backlit plate");
    // The plates are held in half precision (image.hpp): four float 24 MP frames alone are 1.15 GB.
    std::vector<LoadedImage> read = loadImages(paths, halfPrecision);  // throws the first file's InputError
    std::vector<LoadedImage> loaded(inputs.size());
    for (size_t k = 0, next = 0; k < inputs.size(); ++k)
        if (inputs[k].path) loaded[k] = std::move(read[next++]);
    read.clear();
    for (size_t k = 1; k < inputs.size(); ++k)
        if (inputs[k].path) requireSameKind(loaded[0], loaded[k], inputs[k].role);
    requireDarkSet(loaded[0].linear, loaded[0].path);
    CutoutInputs in{loaded[0].linear, loaded[1].linear, loaded[2].linear, loaded[3].linear, codeAtBlack(loaded[0])};
    loaded.clear();
    const auto t1 = std::chrono::steady_clock::now();

    CutoutResult result = makeCutout(in, params);
    in = {};  // the inputs are no longer needed: give their memory back before writing
    const auto t2 = std::chrono::steady_clock::now();

    saveCutout(out, result.foreground, result.alpha);
    if (auto a = args.value("--alpha")) writeGrey(*a, result.alpha, 65535.0, CV_16U);
    if (auto c = args.value("--confidence")) writeGrey(*c, result.confidence, 255.0, CV_8U);
    const auto t3 = std::chrono::steady_clock::now();

    auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
    if (auto r = args.value("--report")) {
        nlohmann::json j = cutoutReport(result);
        j["shot"] = args.positional()[0];
        j["output"] = out;
        j["timings_ms"]["read"] = ms(t0, t1);
        if (previewMs >= 0) j["timings_ms"]["raw_preview"] = previewMs;
        j["timings_ms"]["cutout"] = ms(t1, t2);
        j["timings_ms"]["write"] = ms(t2, t3);
        writeBytesAtomically(*r, j.dump(2) + "\n");
    }
    for (const auto& note : result.notes) std::cerr << "note: " << note << "\n";
    std::cout << out << ": " << result.method << " cutout, coverage " << int(result.coverage * 1000) / 10.0
              << " %, " << result.review.size() << " region(s) to check, " << int(ms(t0, t3)) << " ms\n";
    return kOk;
}

Registration reg{"cutout", "cut a piece out of a shot with a true alpha", runCutout, kUsage};

}  // namespace
}  // namespace facet::cli
