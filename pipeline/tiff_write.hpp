#pragma once
// Writing a 16-bit RGBA TIFF (unassociated alpha, sRGB ICC profile, Adobe Deflate with the
// horizontal predictor) with its strips encoded in parallel: each worker fills a strip's rows,
// applies the predictor and deflates it (libdeflate, fastest level); the strips are then
// written in order. Byte for byte the pixels libtiff's own encoder would store; a 24 MP cutout
// is written in about a third of the time, with no full-frame 16-bit copy.
#include "pipeline/cutout_export.hpp"

#include <opencv2/core.hpp>

#include <cstdint>
#include <functional>
#include <string>

namespace facet {

// Fills `rows` rows from row `y` as interleaved R, G, B, A 16-bit samples (4 * width a row).
// Called from several threads at once, for different rows.
using RgbaRowSource = std::function<void(int y, int rows, uint16_t* rgba)>;

// Throws OutputError when the file cannot be created or written.
void writeRgba16Tiff(const std::string& path, cv::Size size, const RgbaRowSource& rows, const CutoutFileTags& tags);

}  // namespace facet
