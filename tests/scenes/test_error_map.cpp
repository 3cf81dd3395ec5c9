#include "scenes/error_map.hpp"

#include "scene_fixtures.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

using namespace facet;
using namespace facet::scenes;

namespace {

// Pixels of the map's right half drawn as an error: pure red (too low) or pure green (too high).
struct Marked {
    int tooLow = 0, tooHigh = 0;
};
Marked marked(const cv::Mat& map) {
    Marked m;
    const int half = map.cols / 2;
    for (int y = 0; y < map.rows; ++y)
        for (int x = half; x < map.cols; ++x) {
            const cv::Vec3b v = map.at<cv::Vec3b>(y, x);
            if (v[0] == 0 && v[1] == 0 && v[2] >= 90) ++m.tooLow;
            if (v[0] == 0 && v[2] == 0 && v[1] >= 90) ++m.tooHigh;
        }
    return m;
}

}  // namespace

TEST(ErrorMap, TheTruthItselfShowsNoErrorAndTheMapIsCroppedToThePiece) {
    const Scene& s = test::defaultScene(Piece::CableChain);
    const cv::Mat map = errorMapImage(s, s.alpha, false, 12);
    const cv::Rect box = cv::boundingRect(s.alpha > 0.0f);
    const cv::Rect shown = cv::Rect(box.x - 12, box.y - 12, box.width + 24, box.height + 24) &
                           cv::Rect(0, 0, s.alpha.cols, s.alpha.rows);
    EXPECT_EQ(map.type(), CV_8UC3);
    EXPECT_EQ(map.size(), cv::Size(2 * shown.width, shown.height));
    const Marked m = marked(map);
    EXPECT_EQ(m.tooLow, 0);
    EXPECT_EQ(m.tooHigh, 0);
}

// A punched patch shows red, pixel for pixel; a closed patch of background shows green.
TEST(ErrorMap, PunchedMetalIsRedAndClosedBackgroundIsGreen) {
    const Scene& s = test::defaultScene(Piece::CableChain);
    cv::Mat alpha = s.alpha.clone();
    const cv::Mat opaque = s.alpha >= 0.99f;
    const cv::Rect box = cv::boundingRect(s.alpha > 0.0f);
    // Punch: every opaque pixel in the box's left quarter.
    const cv::Rect left(box.x, box.y, box.width / 4, box.height);
    cv::Mat punched = cv::Mat::zeros(alpha.size(), CV_8UC1);
    opaque(left).copyTo(punched(left));
    alpha.setTo(0.0f, punched);
    // Close: a 10x10 patch of bare set inside the box's margin row above the piece.
    const cv::Rect closed(box.x + box.width / 2, std::max(0, box.y - 11), 10, 10);
    ASSERT_EQ(cv::countNonZero(s.alpha(closed) > 0.0f), 0);
    alpha(closed).setTo(1.0f);
    const Marked m = marked(errorMapImage(s, alpha, false, 12));
    EXPECT_EQ(m.tooLow, cv::countNonZero(punched));
    EXPECT_EQ(m.tooHigh, 100);
}
