#pragma once
// Image conventions shared by every stage of the pipeline.
//
// - Colour images are linear light, CV_32FC3, OpenCV channel order (B, G, R),
//   nominally 0..1 (RAW highlights may exceed 1). Never gamma-encoded inside the pipeline.
// - Alpha is CV_32FC1 in [0, 1]; foreground colour is *straight* (not premultiplied).
// - Masks are CV_8UC1, 0 or 255.
// - A plate may also be held in half precision (CV_16FC3): 11 significant bits, at a backlit
//   plate's level (~0.8) a rounding of 2.4e-4 at most, ten times under the noise of even an
//   averaged plate; it saves 144 MB of the four 24 MP frames of a dual capture. What reads a plate reads it through plateRow or
//   plateRegion, which hand out float pixels either way.
#include <opencv2/core.hpp>

#include <vector>

namespace facet {

inline bool isLinearColour(const cv::Mat& m) { return !m.empty() && m.type() == CV_32FC3; }
inline bool isAlpha(const cv::Mat& m) { return !m.empty() && m.type() == CV_32FC1; }
inline bool isLinearPlate(const cv::Mat& m) { return !m.empty() && (m.type() == CV_32FC3 || m.type() == CV_16FC3); }

// Row y of a plate as float pixels: the row itself, or converted into `scratch`.
const cv::Vec3f* plateRow(const cv::Mat& plate, int y, std::vector<cv::Vec3f>& scratch);

// A region of a plate as CV_32FC3: a view when the plate is float, else a converted copy.
cv::Mat plateRegion(const cv::Mat& plate, const cv::Rect& r);

// A float plate in half precision (CV_16FC3), for holding it while the cutout runs. Half
// precision keeps 11 significant bits: at black velvet's level (~0.02 linear) that is 1e-5, a
// fiftieth of the sensor noise the matte measures the plate against.
cv::Mat halfPrecisionPlate(const cv::Mat& linear);

// Rec. 709 luminance of a linear BGR image (CV_32FC1 out).
cv::Mat luminance(const cv::Mat& linearBgr);

}  // namespace facet
