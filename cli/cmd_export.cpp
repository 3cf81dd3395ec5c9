// facet export: from a finished cutout to what the shop and the retoucher need.
#include "cli/args.hpp"
#include "cli/command.hpp"
#include "pipeline/clipping_path.hpp"
#include "pipeline/cutout_export.hpp"
#include "pipeline/cutout_file.hpp"
#include "pipeline/errors.hpp"
#include "pipeline/export_metadata.hpp"
#include "pipeline/image_io.hpp"
#include "pipeline/marketplace_export.hpp"
#include "pipeline/photoshop_path.hpp"
#include "pipeline/raw_decode.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

namespace facet::cli {
namespace {

namespace fs = std::filesystem;

const char* kUsage =
    "usage: facet export CUTOUT.(png|tif) [--marketplace OUT.jpg [--size PX] [--fill SHARE]]\n"
    "                    [--clipping-path OUT.tif [--tolerance PX] [--path-name NAME]]\n"
    "                    [--metadata-from SHOT_OR_JSON] [--collection NAME] [--profile-name NAME]\n"
    "                    [--sidecar]\n"
    "\n"
    "  --marketplace OUT.jpg  the piece on pure white, centred, its longer side filling --fill\n"
    "                         (default 0.85) of a --size x --size frame (default 2000)\n"
    "  --clipping-path OUT.tif  16-bit RGBA TIFF (sRGB ICC) carrying a Photoshop clipping path\n"
    "                         traced from the matte: the outer perimeter and the holes, smooth\n"
    "                         Bezier curves within --tolerance px (default 0.5) of the 0.5 edge\n"
    "  --metadata-from FILE   camera, lens, exposure, capture time from the RAW shot (or a\n"
    "                         metadata .json). Default: CUTOUT.json beside the cutout (facet\n"
    "                         batch writes one), else the cutout's own TIFF tags\n"
    "  --collection, --profile-name   labels carried into the metadata\n"
    "  --sidecar              also write OUT.json with the metadata beside each output\n";

std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot be read");
    return std::string((std::istreambuf_iterator<char>(in)), {});
}

ExportMetadata metadataFor(const std::string& cutoutPath, const CutoutFile& cutout, const Args& args) {
    ExportMetadata m;
    if (auto from = args.value("--metadata-from")) {
        if (fs::path(*from).extension() == ".json")
            m = metadataFromJson(readText(*from), *from);
        else if (sniffImageFormat(*from) == "raw")
            m = metadataFromRaw(readRawInfo(*from), *from);
        else
            throw InputError(*from + ": metadata comes from a camera RAW file or a metadata .json");
    } else if (fs::exists(sidecarPathFor(cutoutPath))) {
        m = metadataFromJson(readText(sidecarPathFor(cutoutPath)), sidecarPathFor(cutoutPath));
    } else {
        m.make = cutout.tags.make;
        m.model = cutout.tags.model;
        m.captureTime = cutout.tags.dateTime;
        m.sourceFile = cutoutPath;
    }
    if (auto c = args.value("--collection")) m.collection = *c;
    if (auto p = args.value("--profile-name")) m.profile = *p;
    m.software = "Facet";
    return m;
}

int runExport(const std::vector<std::string>& argv) {
    Args args(argv,
              {"--marketplace", "--size", "--fill", "--clipping-path", "--tolerance", "--path-name", "--metadata-from",
               "--collection", "--profile-name"},
              {"--sidecar"});
    if (args.positional().size() != 1) throw UsageError("give exactly one CUTOUT file");
    const auto marketplace = args.value("--marketplace");
    const auto clipped = args.value("--clipping-path");
    if (!marketplace && !clipped) throw UsageError("say what to export: --marketplace OUT.jpg and/or --clipping-path OUT.tif");

    MarketplaceOptions mo;
    const double size = args.number("--size", mo.size);
    if (size < 16 || size > 20000 || size != int(size)) throw UsageError("--size must be a whole number of pixels, 16 to 20000");
    mo.size = int(size);
    mo.fill = args.number("--fill", mo.fill);
    if (!(mo.fill > 0 && mo.fill <= 1)) throw UsageError("--fill is a share of the frame, above 0 and at most 1 (e.g. 0.85)");
    ClippingPathOptions po;
    po.tolerancePx = args.number("--tolerance", po.tolerancePx);
    if (!(po.tolerancePx >= 0.05 && po.tolerancePx <= 20)) throw UsageError("--tolerance must be 0.05 to 20 px");
    if (clipped) {
        const std::string ext = fs::path(*clipped).extension().string();
        if (ext != ".tif" && ext != ".tiff") throw UsageError("--clipping-path writes a TIFF: name it .tif");
    }

    const std::string cutoutPath = args.positional()[0];
    CutoutFile cutout = readCutoutFile(cutoutPath);
    const ExportMetadata meta = metadataFor(cutoutPath, cutout, args);

    if (marketplace) {
        saveMarketplaceJpeg(*marketplace, cutout.foreground, cutout.alpha, mo);
        if (args.flag("--sidecar")) writeMetadataSidecar(*marketplace, meta);
        std::cout << *marketplace << ": " << mo.size << " x " << mo.size << " on white, piece fills "
                  << int(mo.fill * 100 + 0.5) << " %\n";
    }
    if (clipped) {
        ClippingPath path = traceClippingPath(cutout.alpha, po);
        if (path.contours.empty()) throw InputError(cutoutPath + ": the matte is empty, there is no outline to trace");
        const std::string name = args.value("--path-name", "Facet outline");
        CutoutFileTags tags;
        tags.make = meta.make;
        tags.model = meta.model;
        tags.dateTime = meta.captureTime;
        tags.description = meta.description.empty() ? fs::path(cutoutPath).filename().string() : meta.description;
        tags.xmp = metadataXmp(meta);
        tags.photoshopResources = photoshopClippingPathResources(path, name);
        saveCutout(*clipped, cutout.foreground, cutout.alpha, tags);
        if (args.flag("--sidecar")) writeMetadataSidecar(*clipped, meta);
        size_t knots = 0, holes = 0;
        for (const auto& c : path.contours) {
            knots += c.knots.size();
            holes += c.hole ? 1 : 0;
        }
        std::cout << *clipped << ": clipping path \"" << name << "\", " << path.contours.size() - holes
                  << " outline(s), " << holes << " hole(s), " << knots << " anchor points\n";
    }
    return kOk;
}

Registration reg{"export", "marketplace JPEG and clipping-path TIFF from a cutout", runExport, kUsage};

}  // namespace
}  // namespace facet::cli
