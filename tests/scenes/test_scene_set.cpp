// The set and the camera: velvet texture above the noise, lighting faults, focus blur, live view.
#include "scene_fixtures.hpp"

#include "pipeline/matte_regions.hpp"
#include "pipeline/srgb.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

using namespace facet;
using namespace facet::scenes;

namespace {

SceneOptions small(Piece p = Piece::PearlStrand) {
    SceneOptions o;
    o.piece = p;
    o.size = {512, 340};
    o.supersample = 2;
    o.seed = 21;
    return o;
}

double meanOf(const cv::Mat& img, cv::Rect r, int channel) { return cv::mean(img(r))[channel]; }

// Energy of the finest detail: std of the image minus its 3x3 box blur, green channel.
double fineDetail(const cv::Mat& img, const cv::Mat& mask) {
    cv::Mat g, blurred;
    cv::extractChannel(img, g, 1);
    cv::blur(g, blurred, {3, 3});
    cv::Scalar m, sd;
    cv::meanStdDev(g - blurred, m, sd, mask);
    return sd[0];
}

}  // namespace

TEST(SceneSet, VelvetIsDeepBlackWithFibreTextureClearlyAboveTheNoise) {
    const Scene& s = facet::test::defaultScene(Piece::CableChain);
    cv::Mat near;  // the 3x3 high-pass below must not see the piece
    cv::dilate(s.alpha > 0, near, cv::getStructuringElement(cv::MORPH_RECT, {7, 7}));
    const cv::Mat empty = ~near;
    const double level = cv::mean(s.background, empty)[1];
    EXPECT_GT(level, 0.005);
    EXPECT_LT(level, 0.02);
    const double noise = std::sqrt(level / s.options.fullWellElectrons + s.options.readNoise * s.options.readNoise);
    // The documented contrast: fibre texture std over sensor noise std at the velvet's level.
    EXPECT_GT(s.velvetTextureStd / level, 0.15);
    EXPECT_LT(s.velvetTextureStd / level, 0.30);
    EXPECT_GT(s.velvetTextureStd / noise, 2.5);
    // Measured on the images: the noise-free background's fine detail dwarfs the noise's.
    const double texture = fineDetail(s.background, empty);
    const double shotDetail = fineDetail(s.shot - s.background, empty);
    EXPECT_GT(texture, 1.5 * shotDetail);
}

TEST(SceneSet, SideSpillBrightensTheLeftOfTheBackground) {
    SceneOptions o = small();
    const Scene even = renderScene(o);
    o.sideSpill = 1.0;
    const Scene spilled = renderScene(o);
    const cv::Rect left(0, 0, 40, 340), right(472, 0, 40, 340);
    EXPECT_GT(meanOf(spilled.background, left, 1), 1.5 * meanOf(even.background, left, 1));
    EXPECT_NEAR(meanOf(spilled.background, right, 1), meanOf(even.background, right, 1), 1e-7);
    // The studio's light changed: the plate shows it too.
    EXPECT_GT(meanOf(spilled.plate, left, 1), 1.5 * meanOf(even.plate, left, 1));
}

TEST(SceneSet, TintAndLevelChangeTheBackgroundOnly) {
    SceneOptions o = small(Piece::CableChain);
    o.size = {1024, 680};
    const Scene base = renderScene(o);
    o.backgroundTint = {1.0, 1.0, 2.0};
    o.backgroundLevel = 3.0;
    const Scene changed = renderScene(o);
    const cv::Mat empty = base.alpha == 0;
    const cv::Scalar b0 = cv::mean(base.background, empty), b1 = cv::mean(changed.background, empty);
    EXPECT_NEAR(b1[1] / b0[1], 3.0, 1e-3);
    EXPECT_NEAR(b1[2] / b0[2], 6.0, 1e-3);
    EXPECT_EQ(cv::norm(base.alpha, changed.alpha, cv::NORM_INF), 0.0);
    // Lit metal and pearls are untouched; polished metal mirrors the brighter set.
    // (pixels straddling a lit and a polished patch change a little).
    cv::Mat diff, same;
    cv::absdiff(changed.foreground, base.foreground, diff);
    cv::transform(diff, diff, cv::Matx13f(1, 1, 1));
    same = diff == 0;
    const cv::Mat lit = (base.regions == kMetal) | (base.regions == kThinWire);
    EXPECT_GT(cv::countNonZero(lit & same), 0.8 * cv::countNonZero(lit));
    cv::Mat mirrors;
    cv::erode((base.regions == kMetalReflection) & (base.alpha >= 0.999f), mirrors, cv::Mat());
    ASSERT_GT(cv::countNonZero(mirrors), 10);
    EXPECT_GT(cv::mean(changed.foreground, mirrors)[1], 2.5 * cv::mean(base.foreground, mirrors)[1]);
}

// Directional light from the upper left: the piece's shadow falls on the set below and to the
// right of it, in the shot only (the plate is the empty set); the truth does not change.
TEST(SceneSet, ThePieceCastsItsShadowOnTheSetNotOnThePlate) {
    SceneOptions o = small(Piece::SolitaireRing);
    const Scene lit = renderScene(o);
    o.shadowStrength = 0.4;
    const Scene shadowed = renderScene(o);
    EXPECT_EQ(cv::norm(lit.alpha, shadowed.alpha, cv::NORM_INF), 0.0);
    EXPECT_EQ(cv::norm(lit.plate, shadowed.plate, cv::NORM_INF), 0.0);
    cv::Mat light;
    cv::divide(shadowed.background, lit.background, light);
    cv::extractChannel(light, light, 1);
    double darkest = 1;
    cv::minMaxLoc(light, &darkest);
    EXPECT_NEAR(darkest, 0.6, 0.02);
    // Cast down and to the right: the shadow is the silhouette moved by (5, 7) px of a 1024
    // frame (this frame is half that).
    const cv::Moments piece = cv::moments(lit.alpha), dark = cv::moments(1.0 - light);
    EXPECT_NEAR(dark.m10 / dark.m00 - piece.m10 / piece.m00, 2.5, 0.3);
    EXPECT_NEAR(dark.m01 / dark.m00 - piece.m01 / piece.m00, 3.5, 0.3);
    o.shadowStrength = 1.0;
    EXPECT_THROW(renderScene(o), std::invalid_argument);
}

TEST(SceneSet, FocusBlurSoftensTheShotNotTheTruth) {
    SceneOptions o = small(Piece::Filigree);
    o.readNoise = 0;
    o.fullWellElectrons = 1e12;  // no noise: compare the optics alone
    const Scene sharp = renderScene(o);
    o.focusBlurSigma = 2.0;
    const Scene soft = renderScene(o);
    const cv::Mat piece = sharp.alpha > 0;
    EXPECT_LT(fineDetail(soft.shot, piece), 0.5 * fineDetail(sharp.shot, piece));
    EXPECT_EQ(cv::norm(sharp.alpha, soft.alpha, cv::NORM_INF), 0.0);
}

TEST(SceneSet, ExposureScalesTheLight) {
    SceneOptions o = small();
    const Scene base = renderScene(o);
    o.exposure = 2.0;
    const Scene brighter = renderScene(o);
    EXPECT_NEAR(cv::mean(brighter.background)[1] / cv::mean(base.background)[1], 2.0, 1e-4);
    EXPECT_NEAR(cv::mean(brighter.shot)[1] / cv::mean(base.shot)[1], 2.0, 0.01);
}

TEST(SceneSet, LiveViewFrameIsResizedEightBitSrgb) {
    cv::Mat linear(100, 200, CV_32FC3, cv::Scalar(0.18, 0.18, 0.18));
    linear(cv::Rect(0, 0, 100, 100)).setTo(cv::Scalar(0, 0, 0));
    const cv::Mat frame = toLiveViewFrame(linear, {100, 50});
    ASSERT_EQ(frame.type(), CV_8UC3);
    ASSERT_EQ(frame.size(), cv::Size(100, 50));
    EXPECT_EQ(frame.at<cv::Vec3b>(25, 10)[1], 0);
    EXPECT_NEAR(frame.at<cv::Vec3b>(25, 90)[1], 118, 1);  // 18 % grey encodes to 118
    // Area resize averages in linear light before encoding: a 50 % mix of black and 0.18.
    const cv::Mat straddle = toLiveViewFrame(linear(cv::Rect(98, 0, 4, 100)), {1, 1});
    EXPECT_NEAR(straddle.at<cv::Vec3b>(0, 0)[1], std::lround(255 * srgbEncode(0.09f)), 1);
    EXPECT_THROW(toLiveViewFrame(cv::Mat(), {10, 10}), std::invalid_argument);
}
