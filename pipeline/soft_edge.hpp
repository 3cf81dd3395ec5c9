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

// The light a soft edge's own surface has, as |F - B|, at every soft pixel (CV_32FC1; -1 where
// not known). A round body (a pearl) darkens towards its limb, and its soft band is its limb:
// the body's colour from further in is too bright for it (its alpha came out 0.03-0.14 too low).
// A round body's light falls as a power of mu, the cosine between its surface and the view
// (Minnaert's law, I = I0 mu^k; mu = sqrt(1 - (r/R)^2) at r from the centre of a body of radius
// R, its deepest distance from the background). I0 and k are fitted per body to its first opaque
// layers (`bandPx` + 1 to + 3 px from the background) and carried out to each soft pixel.
cv::Mat limbLight(const cv::Mat& diffNorm, const cv::Mat& distance, const cv::Mat& soft, int bandPx);

}  // namespace facet
