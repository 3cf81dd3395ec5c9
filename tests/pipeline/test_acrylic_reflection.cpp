#include "pipeline/acrylic_reflection.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

using namespace facet;

namespace {

// A ring standing on acrylic: the ring above row 150, its dimmer mirror image below.
void ringOnAcrylic(cv::Mat& alpha, cv::Mat& signal, bool withMirror) {
    alpha = cv::Mat::zeros(260, 240, CV_32FC1);
    signal = cv::Mat::zeros(260, 240, CV_32FC1);
    cv::circle(alpha, {120, 100}, 50, 1.0, 12);
    cv::circle(signal, {120, 100}, 50, 0.5, 12);
    if (withMirror) {
        cv::circle(alpha, {120, 200}, 50, 1.0, 12);   // mirror about row 150
        cv::circle(signal, {120, 200}, 50, 0.08, 12); // acrylic returns ~15 % of the light
    }
}

}  // namespace

TEST(AcrylicReflection, RemovesTheMirrorImageBelowTheContactLine) {
    cv::Mat alpha, signal;
    ringOnAcrylic(alpha, signal, true);
    AcrylicReflection r = removeAcrylicReflection(alpha, signal);
    EXPECT_NEAR(r.contactRow, 150, 3);
    EXPECT_EQ(cv::countNonZero(alpha.rowRange(156, 260)), 0);
    // The ring itself is untouched.
    EXPECT_EQ(alpha.at<float>(100, 70), 1.0f);
    EXPECT_EQ(alpha.at<float>(144, 120), 1.0f);
}

TEST(AcrylicReflection, ASymmetricPieceWithoutMirrorIsLeftAlone) {
    cv::Mat alpha, signal;
    ringOnAcrylic(alpha, signal, false);
    cv::Mat before = alpha.clone();
    AcrylicReflection r = removeAcrylicReflection(alpha, signal);
    EXPECT_EQ(r.contactRow, -1);
    EXPECT_EQ(cv::norm(alpha, before, cv::NORM_INF), 0.0);
}

// Two bands lying one over the other look alike flipped, and the lower one is in shade, but its
// light does not follow the upper's: a mirror returns the piece's own highlights, flipped. (A real
// photo of two gold wedding bands lost its lower half to this before.)
TEST(AcrylicReflection, AShadedLowerHalfWhoseLightDoesNotFollowTheUpperIsLeftAlone) {
    cv::Mat alpha = cv::Mat::zeros(260, 240, CV_32FC1), signal = cv::Mat::zeros(260, 240, CV_32FC1);
    cv::circle(alpha, {120, 100}, 50, 1.0, 12);
    cv::circle(alpha, {120, 200}, 50, 1.0, 12);
    for (int y = 0; y < 260; ++y)
        for (int x = 0; x < 240; ++x) {
            if (alpha.at<float>(y, x) == 0) continue;
            // Highlights along the upper band; the lower band lit from one side only.
            signal.at<float>(y, x) = y < 150 ? 0.4f + 0.3f * std::sin(0.2f * float(x)) : 0.05f + 0.001f * float(x);
        }
    const cv::Mat before = alpha.clone();
    const AcrylicReflection r = removeAcrylicReflection(alpha, signal);
    EXPECT_EQ(r.contactRow, -1);
    EXPECT_EQ(cv::norm(alpha, before, cv::NORM_INF), 0.0);

    // The same bands with the lower one a true mirror image (its light follows, dimmed): removed.
    for (int y = 150; y < 260; ++y)
        for (int x = 0; x < 240; ++x)
            if (alpha.at<float>(y, x) != 0) signal.at<float>(y, x) = 0.15f * signal.at<float>(299 - y, x);
    const AcrylicReflection mirror = removeAcrylicReflection(alpha, signal);
    EXPECT_NEAR(mirror.contactRow, 150, 3);
    EXPECT_EQ(cv::countNonZero(alpha.rowRange(156, 260)), 0);
}
