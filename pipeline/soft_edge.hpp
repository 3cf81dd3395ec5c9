#pragma once
// Soft edges: a pearl's 2-4 px coverage ramp (or a defocused rim), as against a sharp metal
// outline whose pixels are full strength one pixel in. The single-shot matte solves soft-edge
// pixels along the propagated colour of the body inside instead of forcing them opaque.
#include <opencv2/core.hpp>

namespace facet {

// A body must reach this far from any background for its edge to be taken as soft: a 3-8 px
// link, whose round shading brightens inwards too, keeps its sharp edge.
constexpr float kSoftBodyPx = 8.0f;

// The soft-edge pixels (CV_8UC1) from |C - B| (`diffNorm`, CV_32FC1) and every pixel's distance
// from verified background (`distance`, CV_32FC1).
cv::Mat softEdgeMask(const cv::Mat& diffNorm, const cv::Mat& distance);

}  // namespace facet
