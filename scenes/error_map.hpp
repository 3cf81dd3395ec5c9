#pragma once
// What a cutout got wrong in a rendered scene, as a picture for the engineer tuning the matte
// (`facet quality --maps DIR`): the shot, brightened so the velvet and the mirrors show, beside
// the truth drawn in grey (darker where less covered, tinted where it is a mirror or a stone) and
// every pixel the cutout got wrong by more than kMapTolerance in colour: red where its alpha is
// too low (a hole punched, an edge bitten), green where too high (a hole closed, a halo kept).
// Both halves are cropped to the piece and a margin, at the scene's own pixel scale.
#include "scenes/scene.hpp"

#include <opencv2/core.hpp>

namespace facet::scenes {

constexpr float kMapTolerance = 0.08f;  // alpha error below this is drawn as right

// 8-bit BGR, [shot | errors], cropped to the truth's box grown by `margin` px.
// `transmit`: compare against the stones' transmit truth (dual) instead of "preserve".
cv::Mat errorMapImage(const Scene& scene, const cv::Mat& alpha, bool transmit, int margin = 12);

}  // namespace facet::scenes
