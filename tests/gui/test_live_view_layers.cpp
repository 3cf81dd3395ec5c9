#include "gui/live_view_layers.hpp"
#include "gui/panels.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

using namespace facet::station;

namespace {

// A dark frame with a bright, sharp-edged square (the piece) and a matte covering it.
struct Frame {
    cv::Mat bgr{120, 160, CV_8UC3, cv::Scalar(8, 8, 8)};
    cv::Mat matte{120, 160, CV_8UC1, cv::Scalar(0)};
    Frame() {
        cv::rectangle(bgr, cv::Rect(40, 30, 60, 50), cv::Scalar(150, 170, 190), cv::FILLED);
        cv::rectangle(matte, cv::Rect(38, 28, 64, 54), cv::Scalar(255), cv::FILLED);
    }
};

}  // namespace

TEST(LiveViewLayers, PeakingLightsTheSharpEdgesOfThePieceOnly) {
    Frame f;
    // A sharp edge outside the matte (a bright bit of set) must not light up.
    cv::rectangle(f.bgr, cv::Rect(130, 10, 10, 10), cv::Scalar(200, 200, 200), cv::FILLED);
    cv::Mat peaking, scratch;
    focusPeaking(f.bgr, f.matte, peaking, scratch);
    EXPECT_GT(cv::countNonZero(peaking(cv::Rect(38, 28, 4, 54))), 10);  // the square's left edge
    EXPECT_EQ(cv::countNonZero(peaking(cv::Rect(120, 0, 40, 40))), 0);
    EXPECT_EQ(cv::countNonZero(peaking(cv::Rect(55, 45, 30, 20))), 0);   // flat inside

    // Blurred, the same piece has much less in focus.
    cv::Mat soft;
    cv::GaussianBlur(f.bgr, soft, cv::Size(0, 0), 4);
    cv::Mat softPeaking;
    focusPeaking(soft, f.matte, softPeaking, scratch);
    EXPECT_LT(cv::countNonZero(softPeaking), cv::countNonZero(peaking) / 2 + 1);
}

TEST(LiveViewLayers, ZebraMarksClippedMetalNotClippedBackground) {
    Frame f;
    cv::rectangle(f.bgr, cv::Rect(50, 40, 10, 10), cv::Scalar(255, 255, 255), cv::FILLED);  // blown on the piece
    cv::rectangle(f.bgr, cv::Rect(0, 0, 10, 10), cv::Scalar(255, 255, 255), cv::FILLED);    // a lamp in frame
    cv::Mat zebra;
    clippingZebra(f.bgr, f.matte, zebra);
    EXPECT_EQ(cv::countNonZero(zebra), 100);
    EXPECT_EQ(cv::countNonZero(zebra(cv::Rect(50, 40, 10, 10))), 100);
}

TEST(LiveViewLayers, BackgroundHistogramExcludesThePiece) {
    Frame f;
    Histogram all, background;
    lumaHistograms(f.bgr, f.matte, all, background);
    float allSum = 0, bgSum = 0, bgBright = 0, allBright = 0;
    for (int i = 0; i < kHistogramBins; ++i) {
        allSum += all[i];
        bgSum += background[i];
        if (i > kHistogramBins / 4) {
            bgBright += background[i];
            allBright += all[i];
        }
    }
    EXPECT_NEAR(allSum, 1.f, 1e-4);
    EXPECT_NEAR(bgSum, 1.f, 1e-4);
    EXPECT_EQ(bgBright, 0.f);
    EXPECT_GT(allBright, 0.1f);
}

TEST(LiveViewLayers, DisplayTintsTheMatteOnlyWhenAsked) {
    Frame f;
    LiveSnapshot s;
    s.frame = f.bgr;
    s.matte = f.matte;
    cv::Mat plain, tinted;
    composeDisplay(s, 0, plain);
    composeDisplay(s, kOverlayMatte, tinted);
    ASSERT_EQ(plain.type(), CV_8UC4);
    const cv::Vec4b p = plain.at<cv::Vec4b>(50, 70), t = tinted.at<cv::Vec4b>(50, 70);
    EXPECT_EQ(p, cv::Vec4b(190, 170, 150, 255));  // RGBA of the BGR frame
    EXPECT_GT(t[0], p[0] + 20);                   // more red
    EXPECT_LT(t[1], p[1]);                        // less green: magenta tint
    EXPECT_EQ(plain.at<cv::Vec4b>(5, 5), tinted.at<cv::Vec4b>(5, 5));  // background untouched
}

TEST(LiveViewLayers, OnlyTheLayersOfOverlaysSwitchedOnAreComputed) {
    Frame f;
    cv::rectangle(f.bgr, cv::Rect(50, 40, 10, 10), cv::Scalar(255, 255, 255), cv::FILLED);  // blown on the piece
    LiveSnapshot s;
    s.frame = f.bgr;
    s.matte = f.matte;
    cv::Mat scratch;
    addOverlayLayers(s, kOverlayMatte | kOverlayEdges, scratch);
    EXPECT_TRUE(s.peaking.empty());
    EXPECT_TRUE(s.zebra.empty());
    addOverlayLayers(s, kOverlayZebra, scratch);
    EXPECT_TRUE(s.peaking.empty());
    EXPECT_EQ(cv::countNonZero(s.zebra), 100);
    addOverlayLayers(s, kOverlayPeaking | kOverlayZebra, scratch);
    EXPECT_GT(cv::countNonZero(s.peaking), 0);
    // Zebras on in the display: the clipped square is striped red/black, not the white frame.
    cv::Mat display;
    composeDisplay(s, kOverlayZebra, display);
    const cv::Vec4b z = display.at<cv::Vec4b>(45, 55);
    EXPECT_TRUE(z == cv::Vec4b(255, 40, 40, 255) || z == cv::Vec4b(0, 0, 0, 255)) << z;
}

TEST(LiveViewLayers, TheLiveFrameIsShownAtAWholeScaleWhenOneIsClose) {
    EXPECT_FLOAT_EQ(liveViewScale(1.06f), 1.f);  // 1024x680 in the 1600x1000 window's live area
    EXPECT_FLOAT_EQ(liveViewScale(1.25f), 1.f);
    EXPECT_FLOAT_EQ(liveViewScale(1.4f), 1.4f);   // a big window: the frame fills it
    EXPECT_FLOAT_EQ(liveViewScale(2.3f), 2.f);
    EXPECT_FLOAT_EQ(liveViewScale(0.8f), 0.8f);   // a small window: scaled down to fit
}
