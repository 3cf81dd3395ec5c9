#include "pipeline/review_regions.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace facet;

namespace {
cv::Mat emptyMask() { return cv::Mat::zeros(400, 600, CV_8UC1); }

std::vector<cv::Rect> boxesOf(const std::vector<ReviewRegion>& regions) {
    std::vector<cv::Rect> boxes;
    for (const auto& r : regions) boxes.push_back(r.box);
    std::sort(boxes.begin(), boxes.end(), [](const cv::Rect& a, const cv::Rect& b) { return a.x < b.x; });
    return boxes;
}
}  // namespace

TEST(ReviewRegions, MarksWithinTheMergeDistanceBecomeOneBoxOfTheirOwnPixels) {
    cv::Mat mask = emptyMask();
    mask(cv::Rect(300, 200, 4, 4)).setTo(255);
    mask(cv::Rect(308, 206, 4, 4)).setTo(255);  // 4 px away: merged at mergePx 6
    mask(cv::Rect(100, 50, 5, 5)).setTo(255);   // far away: a region of its own
    const auto boxes = boxesOf(reviewRegionsFrom(mask, "check", {1000, 2000}));
    ASSERT_EQ(boxes.size(), 2u);
    EXPECT_EQ(boxes[0], cv::Rect(1100, 2050, 5, 5));
    EXPECT_EQ(boxes[1], cv::Rect(1300, 2200, 12, 10));  // not the dilation's box
}

TEST(ReviewRegions, MarksAtTheFrameEdgeKeepTheirPlaceAndSmallOnesAreDropped) {
    cv::Mat mask = emptyMask();
    mask(cv::Rect(0, 0, 4, 4)).setTo(255);          // the corner: the merge margin is clipped
    mask(cv::Rect(592, 395, 8, 5)).setTo(255);      // the opposite corner
    mask(cv::Rect(300, 390, 3, 3)).setTo(255);      // 9 pixels: under minPixels 12
    const auto regions = reviewRegionsFrom(mask, "check", {0, 0});
    const auto boxes = boxesOf(regions);
    ASSERT_EQ(boxes.size(), 2u);
    EXPECT_EQ(boxes[0], cv::Rect(0, 0, 4, 4));
    EXPECT_EQ(boxes[1], cv::Rect(592, 395, 8, 5));
    for (const auto& r : regions) EXPECT_EQ(r.reason, "check");
    EXPECT_TRUE(reviewRegionsFrom(emptyMask(), "check", {0, 0}).empty());
}
