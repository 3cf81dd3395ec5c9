#pragma once
// sRGB transfer curve: encoded 8/16-bit <-> linear float. Lookup tables, since every
// live frame passes through here.
#include <opencv2/core.hpp>

namespace facet {

// 8U or 16U, 1 or 3 channels (grey is expanded to BGR) -> linear CV_32FC3.
cv::Mat srgbToLinear(const cv::Mat& encoded);
// Linear CV_32FC3 or CV_32FC1 -> encoded; depth CV_8U or CV_16U. Values are clamped to [0, 1].
cv::Mat linearToSrgb(const cv::Mat& linear, int depth);

// The decoding table: 256 (CV_8U) or 65536 (CV_16U) linear values, one per code.
const float* srgbDecodeTable(int depth);

// n linear samples to 16-bit sRGB codes, exactly as linearToSrgb(…, CV_16U) encodes them.
void encodeSrgb16(const float* linear, uint16_t* out, size_t n);

float srgbDecode(float encoded01);
float srgbEncode(float linear01);

}  // namespace facet
