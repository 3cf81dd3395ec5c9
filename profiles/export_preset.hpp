#pragma once
// How a finished cutout becomes a deliverable: file format, size on the marketplace, how much of
// the frame the piece fills, the background and whether a clipping path goes with it.
#include <string>

namespace facet {

enum class ExportFormat { Png, Tiff, Jpeg };
enum class ExportBackground { White, Transparent };

struct ExportPreset {
    std::string name = "marketplace";
    ExportFormat format = ExportFormat::Jpeg;
    int longEdgePx = 2000;          // the deliverable's longer side
    double fillPercent = 85;        // the piece's longer side as a share of the frame's
    ExportBackground background = ExportBackground::White;
    bool clippingPath = true;       // a vector path of the outline (retouchers and marketplaces use it)
    int jpegQuality = 92;           // only for JPEG
};

// "png", "tif", "jpg": the file extension a preset's format writes.
const char* extensionFor(ExportFormat format);

}  // namespace facet
