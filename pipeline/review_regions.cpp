#include "pipeline/review_regions.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace facet {

std::vector<ReviewRegion> reviewRegionsFrom(const cv::Mat& mask, const std::string& reason, cv::Point offset,
                                            int minPixels, int mergePx) {
    CV_Assert(mask.type() == CV_8UC1);
    std::vector<ReviewRegion> out;
    if (cv::countNonZero(mask) == 0) return out;
    cv::Mat merged;
    cv::dilate(mask, merged, cv::getStructuringElement(cv::MORPH_RECT, {2 * mergePx + 1, 2 * mergePx + 1}));
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(merged, labels, stats, centroids, 8, CV_32S);
    std::vector<int> counts(n, 0);
    for (int y = 0; y < mask.rows; ++y) {
        const uchar* m = mask.ptr<uchar>(y);
        const int* l = labels.ptr<int>(y);
        for (int x = 0; x < mask.cols; ++x)
            if (m[x]) counts[l[x]]++;
    }
    for (int i = 1; i < n; ++i) {
        if (counts[i] < minPixels) continue;
        cv::Rect box(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                     stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
        // Undo the merge dilation so the box hugs the pixels.
        box.x += mergePx, box.y += mergePx, box.width -= 2 * mergePx, box.height -= 2 * mergePx;
        box.width = std::max(box.width, 1), box.height = std::max(box.height, 1);
        box += offset;
        const double severity = std::min(1.0, std::log10(1.0 + counts[i]) / 4.0);
        out.push_back({box, reason, severity});
    }
    return out;
}

void rankReviewRegions(std::vector<ReviewRegion>& regions, size_t limit) {
    std::stable_sort(regions.begin(), regions.end(),
                     [](const ReviewRegion& a, const ReviewRegion& b) { return a.severity > b.severity; });
    if (regions.size() > limit) regions.resize(limit);
}

}  // namespace facet
