#pragma once
// Image conventions shared by every stage of the pipeline.
//
// - Colour images are linear light, CV_32FC3, OpenCV channel order (B, G, R),
//   nominally 0..1 (RAW highlights may exceed 1). Never gamma-encoded inside the pipeline.
// - Alpha is CV_32FC1 in [0, 1]; foreground colour is *straight* (not premultiplied).
// - Masks are CV_8UC1, 0 or 255.
#include <opencv2/core.hpp>

namespace facet {

inline bool isLinearColour(const cv::Mat& m) { return !m.empty() && m.type() == CV_32FC3; }
inline bool isAlpha(const cv::Mat& m) { return !m.empty() && m.type() == CV_32FC1; }

// Rec. 709 luminance of a linear BGR image (CV_32FC1 out).
cv::Mat luminance(const cv::Mat& linearBgr);

}  // namespace facet
