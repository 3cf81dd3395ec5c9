#include "pipeline/errors.hpp"
#include "pipeline/marketplace_export.hpp"
#include "pipeline/srgb.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using namespace facet;

namespace {

struct Piece {
    cv::Mat fg, alpha;
};

// A 120 x 60 gold bar, off-centre in a 640 x 480 shot.
Piece bar() {
    Piece p;
    p.fg = cv::Mat(480, 640, CV_32FC3, cv::Scalar(0.05, 0.35, 0.7));
    p.alpha = cv::Mat::zeros(480, 640, CV_32FC1);
    cv::rectangle(p.alpha, cv::Rect(400, 50, 120, 60), 1.0, cv::FILLED);
    return p;
}

// Where the image is at least half-way (in linear light) from white to the piece's colour:
// the piece's 0.5 edge, however much the resampling softened it.
cv::Rect darkBounds(const cv::Mat& img) {
    cv::Mat lin = srgbToLinear(img), grey;
    cv::cvtColor(lin, grey, cv::COLOR_BGR2GRAY);
    double lo, hi;
    cv::minMaxLoc(grey, &lo, &hi);
    cv::Mat inside = grey < (lo + hi) / 2;
    std::vector<cv::Point> pts;
    cv::findNonZero(inside, pts);
    return pts.empty() ? cv::Rect() : cv::boundingRect(pts);
}

}  // namespace

TEST(Marketplace, ThePieceFillsTheShareOfTheFrameCentredOnPureWhite) {
    Piece p = bar();
    MarketplaceOptions o;
    o.size = 1000;
    o.fill = 0.85;
    cv::Mat img = marketplaceImage(p.fg, p.alpha, o);
    ASSERT_EQ(img.size(), cv::Size(1000, 1000));
    ASSERT_EQ(img.type(), CV_8UC3);
    EXPECT_EQ(img.at<cv::Vec3b>(0, 0), cv::Vec3b(255, 255, 255));
    EXPECT_EQ(img.at<cv::Vec3b>(999, 999), cv::Vec3b(255, 255, 255));
    cv::Rect b = darkBounds(img);
    EXPECT_NEAR(b.width, 850, 3);   // the longer side: 85 % of the frame
    EXPECT_NEAR(b.height, 425, 3);  // aspect kept
    EXPECT_NEAR(b.x + b.width / 2.0, 500, 2);
    EXPECT_NEAR(b.y + b.height / 2.0, 500, 2);
    // The piece's colour is its own (sRGB of the linear foreground).
    cv::Vec3b mid = img.at<cv::Vec3b>(500, 500);
    EXPECT_NEAR(mid[2], 255 * srgbEncode(0.7f), 1);
    EXPECT_NEAR(mid[0], 255 * srgbEncode(0.05f), 1);
}

TEST(Marketplace, SoftEdgesAreBlendedInLinearLight) {
    // Half-transparent black over white: linear 0.5, i.e. sRGB 188, not the 128 of a
    // gamma-space blend.
    cv::Mat fg(100, 100, CV_32FC3, cv::Scalar(0, 0, 0));
    cv::Mat alpha(100, 100, CV_32FC1, cv::Scalar(0.5));
    MarketplaceOptions o;
    o.size = 100;
    o.fill = 1.0;
    cv::Mat img = marketplaceImage(fg, alpha, o);
    EXPECT_NEAR(img.at<cv::Vec3b>(50, 50)[1], 188, 1);
}

TEST(Marketplace, APieceAtTheEdgeOfTheShotIsPaddedWithWhite) {
    Piece p = bar();
    p.alpha.setTo(0);
    cv::rectangle(p.alpha, cv::Rect(560, 400, 80, 80), 1.0, cv::FILLED);  // bottom-right corner
    MarketplaceOptions o;
    o.size = 400;
    o.fill = 0.5;
    cv::Mat img = marketplaceImage(p.fg, p.alpha, o);
    cv::Rect b = darkBounds(img);
    EXPECT_NEAR(b.width, 200, 2);
    EXPECT_NEAR(b.x + b.width / 2.0, 200, 2);
    EXPECT_EQ(img.at<cv::Vec3b>(399, 399), cv::Vec3b(255, 255, 255));
}

TEST(Marketplace, WritesAJpegAtomicallyAndRejectsBadSettings) {
    test::TempDir dir;
    Piece p = bar();
    MarketplaceOptions o;
    o.size = 600;
    saveMarketplaceJpeg(dir / "listing.jpg", p.fg, p.alpha, o);
    cv::Mat back = cv::imread(dir / "listing.jpg");
    ASSERT_EQ(back.size(), cv::Size(600, 600));
    EXPECT_EQ(back.at<cv::Vec3b>(5, 5), cv::Vec3b(255, 255, 255));

    o.fill = 1.5;
    EXPECT_THROW(marketplaceImage(p.fg, p.alpha, o), InputError);
    o.fill = 0.85;
    EXPECT_THROW(marketplaceImage(p.fg, cv::Mat::zeros(480, 640, CV_32FC1), o), InputError);
    EXPECT_THROW(saveMarketplaceJpeg(dir / "no-such-folder/listing.jpg", p.fg, p.alpha, o), OutputError);
}

TEST(FrameCutout, CentresThePieceOnTransparencyWithoutDarkeningItsEdges) {
    Piece p = bar();
    cv::GaussianBlur(p.alpha, p.alpha, {0, 0}, 1.5);  // soft edges
    MarketplaceOptions o;
    o.size = 600;
    o.fill = 0.8;
    FramedCutout f = frameCutout(p.fg, p.alpha, o, true);
    ASSERT_EQ(f.alpha.size(), cv::Size(600, 600));
    EXPECT_FLOAT_EQ(f.alpha.at<float>(0, 0), 0.0f);
    // The faint blur tail (alpha > 0.02) fills 80 %; the 0.5 edge is proportionally inside it.
    const cv::Rect tail = pieceBounds(p.alpha, o.minAlpha);
    cv::Rect b = pieceBounds(f.alpha, 0.5);
    EXPECT_NEAR(b.width, 120.0 * 480 / tail.width, 3);
    EXPECT_NEAR(b.x + b.width / 2.0, 300, 2);
    // A half-transparent edge pixel keeps the piece's straight colour (premultiplied resampling).
    for (int x = 0; x < 600; ++x) {
        const float a = f.alpha.at<float>(300, x);
        if (a > 0.2f && a < 0.8f) {
            EXPECT_NEAR(f.foreground.at<cv::Vec3f>(300, x)[2], 0.7f, 0.01) << x;
            EXPECT_NEAR(f.foreground.at<cv::Vec3f>(300, x)[0], 0.05f, 0.01) << x;
        }
    }
    // Without enlarging, a 120 px piece at 80 % gets a 150 px frame, not 600.
    FramedCutout small = frameCutout(p.fg, p.alpha, o, false);
    EXPECT_LE(small.alpha.cols, 170);
    EXPECT_GE(small.alpha.cols, 150);
}
