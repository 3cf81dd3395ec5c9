#pragma once
// Scenes shared by the scene tests: each class rendered once per test binary (rendering is the
// slow part, the checks are cheap).
#include "scenes/scene.hpp"

#include <opencv2/core.hpp>

namespace facet::test {

// Default options (1024x680, supersample 4, velvet, dual capture on) for the given piece.
const scenes::Scene& defaultScene(scenes::Piece piece);

// Per-pixel noise std of the shot model at a noise-free linear image (CV_32FC3 out).
cv::Mat noiseStd(const cv::Mat& clean, const scenes::SceneOptions& o, int frames = 1);

// a*F + (1 - a)*B, linear CV_32FC3.
cv::Mat composite(const cv::Mat& alpha, const cv::Mat& foreground, const cv::Mat& background);

// Mean and std of (measured - expected) / sigma over the mask (CV_8UC1, non-zero counts).
struct Residual {
    double mean = 0, std = 0;
    int pixels = 0;
};
Residual normalisedResidual(const cv::Mat& measured, const cv::Mat& expected, const cv::Mat& sigma, const cv::Mat& mask);

}  // namespace facet::test
