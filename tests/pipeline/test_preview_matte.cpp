#include "pipeline/preview_matte.hpp"
#include "pipeline/srgb.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

using namespace facet;

namespace {

cv::Mat velvetFrame(uint64_t seed) {
    cv::RNG rng(seed);
    cv::Mat lin(680, 1024, CV_32FC3);
    rng.fill(lin, cv::RNG::NORMAL, cv::Scalar::all(0.01), cv::Scalar::all(0.002));
    return lin;
}

}  // namespace

TEST(PreviewMatte, MarksThePieceAndNotTheVelvet) {
    cv::Mat plateLin = velvetFrame(1);
    cv::Mat shotLin = plateLin.clone();
    cv::circle(shotLin, {512, 340}, 150, cv::Scalar(0.2, 0.45, 0.6), -1);
    cv::Mat hole = cv::Mat::zeros(shotLin.size(), CV_8UC1);
    cv::circle(hole, {512, 340}, 60, 255, -1);
    plateLin.copyTo(shotLin, hole);  // a hole shows the plate itself
    cv::line(shotLin, {100, 100}, {300, 120}, cv::Scalar(0.2, 0.45, 0.6), 2);  // a thin wire
    cv::Mat plate = linearToSrgb(plateLin, CV_8U), shot = linearToSrgb(shotLin, CV_8U);
    PreviewMatte pm;
    for (const cv::Mat& p : {plate, cv::Mat()}) {
        const cv::Mat& a = pm.compute(shot, p);
        ASSERT_EQ(a.type(), CV_8UC1);
        EXPECT_EQ(a.at<uchar>(340, 512 + 120), 255) << (p.empty() ? "no plate" : "plate");
        EXPECT_EQ(a.at<uchar>(340, 512), 0) << "the hole stays open";
        EXPECT_GT(a.at<uchar>(110, 200), 128) << "the thin wire is kept";
        // The velvet is background almost everywhere.
        EXPECT_LT(cv::countNonZero(a(cv::Rect(700, 0, 324, 150))), 324 * 150 / 100);
    }
}
