#pragma once
// The places a retoucher should look at: boxes around the pixels the cutout had to judge
// rather than measure, each with a reason, worst first.
#include "pipeline/cutout.hpp"

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace facet {

// Connected clusters of `mask` (CV_8UC1), merged when within `mergePx`, as boxes shifted by
// `offset`; clusters smaller than `minPixels` are ignored. Severity grows with cluster size.
std::vector<ReviewRegion> reviewRegionsFrom(const cv::Mat& mask, const std::string& reason, cv::Point offset,
                                            int minPixels = 12, int mergePx = 6);

// Worst first, at most `limit`.
void rankReviewRegions(std::vector<ReviewRegion>& regions, size_t limit = 24);

}  // namespace facet
