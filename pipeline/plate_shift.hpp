#pragma once
// Shifting the clean plate onto the shot's pixel grid: every edge tile of a cutout needs its
// piece of the plate resampled (bicubic, so the velvet's texture survives for the hole test).
//
// cv::warpAffine does it for any affine map, building a coordinate map per pixel and looking
// the weights up per pixel. A shift has one fractional part for the whole image, so its 4x4
// weights are found once. The arithmetic is otherwise OpenCV's own (4.x remapBicubic on float:
// weights quantised to 1/32 px, the same products summed in the same order, BORDER_REFLECT),
// so the result is identical to cv::warpAffine(INTER_CUBIC | WARP_INVERSE_MAP, BORDER_REFLECT)
// with the matrix [1 0 x0; 0 1 y0]; tests/pipeline/test_plate_shift.cpp holds it to that.
#include <opencv2/core.hpp>

namespace facet {

// out(y, x) = gain * bicubic(src at (x + x0, y + y0)), out of `size`. src: CV_32FC3.
void shiftBicubic(const cv::Mat& src, double x0, double y0, float gain, cv::Size size, cv::Mat& out);

}  // namespace facet
