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
    // Only the part of the mask with anything in it (and room for the merging) is labelled: at
    // 24 MP the mask is the piece's box and the marked pixels a few small patches of it.
    const cv::Rect all(0, 0, mask.cols, mask.rows);
    cv::Rect used = cv::boundingRect(mask);
    used = cv::Rect(used.x - mergePx, used.y - mergePx, used.width + 2 * mergePx, used.height + 2 * mergePx) & all;
    const cv::Mat marked = mask(used);
    offset += used.tl();
    cv::Mat merged;
    cv::dilate(marked, merged, cv::getStructuringElement(cv::MORPH_RECT, {2 * mergePx + 1, 2 * mergePx + 1}));
    cv::Mat labels;
    const int n = cv::connectedComponents(merged, labels, 8, CV_32S);
    // Each merged cluster's box is the bounding box of its own mask pixels (not of the
    // dilation that merged them).
    std::vector<int> counts(n, 0);
    std::vector<cv::Rect> boxes(n);
    for (int y = 0; y < marked.rows; ++y) {
        const uchar* m = marked.ptr<uchar>(y);
        const int* l = labels.ptr<int>(y);
        for (int x = 0; x < marked.cols; ++x)
            if (m[x]) {
                const int i = l[x];
                boxes[i] = counts[i]++ ? (boxes[i] | cv::Rect(x, y, 1, 1)) : cv::Rect(x, y, 1, 1);
            }
    }
    for (int i = 1; i < n; ++i) {
        if (counts[i] < minPixels) continue;
        const double severity = std::min(1.0, std::log10(1.0 + counts[i]) / 4.0);
        out.push_back({boxes[i] + offset, reason, severity});
    }
    return out;
}

void rankReviewRegions(std::vector<ReviewRegion>& regions, size_t limit) {
    std::stable_sort(regions.begin(), regions.end(),
                     [](const ReviewRegion& a, const ReviewRegion& b) { return a.severity > b.severity; });
    if (regions.size() > limit) regions.resize(limit);
}

}  // namespace facet
