#pragma once
// Finding a colour chart in a shot (OpenCV's mcc module, cv::mcc::CCheckerDetector) and reading
// its patches in linear light, beside the chart's reference values.
//
// Two charts are known: the classic ColorChecker (24 patches) and the ColorChecker Digital SG
// (140 patches, the one in shared/data/raw/a2tools_DC50_DC0008L_colorchecker.KDC).
// Colours in this file are linear sRGB primaries in R, G, B order (not OpenCV's B, G, R).
#include <opencv2/core.hpp>

#include <optional>
#include <string>
#include <vector>

namespace facet {

enum class ChartKind { ColorChecker24, DigitalSG140 };
const char* chartKindName(ChartKind kind);   // "ColorChecker 24", "ColorChecker Digital SG"

struct ColourChart {
    ChartKind kind = ChartKind::ColorChecker24;
    std::vector<cv::Point2f> box;         // the chart's corners in the image
    std::vector<cv::Vec3d> measured;      // per patch, linear R, G, B as the camera saw it
    std::vector<cv::Vec3d> reference;     // per patch, the chart's true linear sRGB
    std::vector<bool> usable;             // false: the patch has clipped pixels
    double detectionCost = 0;             // mcc's fit cost, lower is better
    int usableCount() const;
};

// X-Rite's published sRGB values of the 24 patches (post-2014 formulation, D65), decoded to
// linear, in chart order: dark skin, light skin, ... white, neutral 8 ... black.
const std::vector<cv::Vec3d>& colorChecker24Reference();

// Reference values for a chart kind (the Digital SG's come from OpenCV's ccm tables).
std::vector<cv::Vec3d> chartReference(ChartKind kind);

// Looks for a chart in a linear BGR image; `kind` unset tries the 24-patch chart first, then the
// Digital SG. Throws InputError naming `fileForMessages` when none is found, with what to try.
ColourChart findColourChart(const cv::Mat& linearBgr, const std::string& fileForMessages,
                            std::optional<ChartKind> kind = std::nullopt);

}  // namespace facet
