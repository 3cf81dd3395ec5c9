#pragma once
// Foreground colour: where the piece is opaque the shot *is* its colour; elsewhere the colour
// comes from confident foreground nearby, spread outwards over an image pyramid (push-pull,
// in the spirit of multilevel foreground estimation). Then colour decontamination: the
// straight colour F = (C - (1 - a) B) / a, so no velvet darkness is left in soft edges.
#include <opencv2/core.hpp>

namespace facet {

// Fills every pixel with a weighted average of `colour` from the nearest pixels of high
// `weight` (CV_32FC1, >= 0). colour: CV_32FC3. Pixels with weight >= 1 keep their colour.
cv::Mat propagateColour(const cv::Mat& colour, const cv::Mat& weight);

// Straight foreground colour from the shot, its background and alpha. Where alpha is small
// the unmixing is noise-dominated, so it blends towards `estimate` (the propagated colour).
cv::Mat decontaminate(const cv::Mat& shot, const cv::Mat& background, const cv::Mat& alpha,
                      const cv::Mat& estimate);

}  // namespace facet
