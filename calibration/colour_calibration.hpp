#pragma once
// A colour calibration as saved: white balance gains (from a grey card or the chart's neutral
// patches) plus the colour matrix, with how well it fits. Sidecar only (no image).
#include "calibration/colour_chart.hpp"
#include "calibration/colour_matrix.hpp"

#include <string>

namespace facet {

struct ColourCalibration {
    cv::Vec3d whiteBalanceGains{1, 1, 1};   // R, G, B, applied before the matrix
    ColourMatrix matrix;
    std::string chart;                      // "ColorChecker 24", "" when only a grey card was used
    std::string madeFrom;
};

// Finds the chart in the shot, fits the matrix (3x3, or 3x4 with `withOffset`) and reports.
ColourCalibration calibrateColourFromChart(const cv::Mat& linearBgr, const std::string& file, bool withOffset);

void saveColourCalibration(const std::string& sidecarPath, const ColourCalibration& calibration);
ColourCalibration loadColourCalibration(const std::string& sidecarPath);

}  // namespace facet
