#pragma once
// A colour matrix from a chart: least squares from what the camera measured to the chart's
// true linear sRGB. 3x3 (a pure mix of channels) or 3x4 (plus an offset per channel, which
// absorbs flare and a black level left in the data). Colours are linear R, G, B.
#include <opencv2/core.hpp>

#include <vector>

namespace facet {

struct ColourMatrix {
    cv::Matx34d m = cv::Matx34d(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0);   // out = M * (r, g, b, 1)
    bool withOffset = false;     // 3x4 fitted (else the 4th column is zero)
    double meanDeltaE = 0;       // CIE76 ΔE over the patches used, after correction
    double maxDeltaE = 0;
    double meanDeltaEBefore = 0; // the same before correction (scaled to the white patch level)
    int patchesUsed = 0;

    cv::Vec3d apply(const cv::Vec3d& rgb) const;
    // A linear BGR image (CV_32FC3) through the matrix.
    cv::Mat apply(const cv::Mat& linearBgr) const;
};

// Needs at least 6 usable patches (3x3) or 8 (3x4); throws InputError otherwise.
ColourMatrix fitColourMatrix(const std::vector<cv::Vec3d>& measured, const std::vector<cv::Vec3d>& reference,
                             const std::vector<bool>& usable, bool withOffset);

// CIE L*a*b* (D65 white) of a linear sRGB colour, and the CIE76 distance between two.
cv::Vec3d linearSrgbToLab(const cv::Vec3d& rgb);
double deltaE76(const cv::Vec3d& rgbA, const cv::Vec3d& rgbB);

}  // namespace facet
