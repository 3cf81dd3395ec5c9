#pragma once
// Encoding PNGs (the cutout's 16-bit RGBA, its alpha and confidence maps) with their rows
// compressed in parallel. A PNG's image data is one zlib stream, so it is cut into strips of
// rows, each deflated on its own and ended on a byte boundary (a sync flush: a deflate stream
// may be the concatenation of such pieces, pigz's way); the last piece finishes the stream and
// the pieces' Adler-32 sums combine into the stream's. Rows use the Sub filter (each byte minus
// the same byte of the pixel to its left), which needs no other row. cv::imwrite's PNG (libpng,
// one thread, five filters tried per row) took about 2 s for a 24 MP cutout.
#include "pipeline/tiff_write.hpp"

#include <opencv2/core.hpp>

#include <functional>
#include <string>

namespace facet {

// The PNG file's bytes: IHDR (16-bit RGBA), IDAT, IEND; no colour chunks (tagPngAsSrgb adds
// them). `rows` is called from several threads at once, for different rows.
std::string encodeRgba16Png(cv::Size size, const RgbaRowSource& rows);

// The same for a grey image, CV_8UC1 or CV_16UC1.
std::string encodeGreyPng(const cv::Mat& grey);

}  // namespace facet
