#include "check_scenes.hpp"
#include "pipeline/checks/live_checks.hpp"
#include "pipeline/preview_matte.hpp"

#include <gtest/gtest.h>

using namespace facet;
using namespace facet::checks;
using scenes::Piece;

TEST(LiveChecks, LiveViewFramesWithThePreviewMatteReuseTheirBuffers) {
    // As the station runs them: 8-bit sRGB live view, the preview matte, one LiveChecks object.
    const scenes::Scene s = test::renderPiece(Piece::SolitaireRing);
    const cv::Mat frame = scenes::toLiveViewFrame(s.shot, {1024, 680});
    const cv::Mat plate = scenes::toLiveViewFrame(s.plate, {1024, 680});
    PreviewMatte matte;
    LiveChecks checks;
    CheckInput in;
    in.frame = frame;
    in.plate = plate;
    in.matte = matte.compute(frame, plate);
    const ChecksReport& first = checks.run(in);
    const uchar* peaking = first.focus.peaking.data;
    const uchar* overlay = first.lighting.overlay.data;
    EXPECT_EQ(first.analysisSize, cv::Size(1024, 680));
    // The preview matte punches the ring's mirror patches and half its stone (it has no reflection
    // test), which hides the sharpest edges: in focus still reads under the fail width.
    EXPECT_TRUE(first.focus.measurable);
    EXPECT_NE(first.focus.verdict, Verdict::Fail) << first.focus.message;
    EXPECT_EQ(first.lighting.verdict, Verdict::Ok) << first.lighting.message;
    EXPECT_GT(first.edgeContrast.segments.size(), 20u);
    EXPECT_TRUE(first.background.plateCompared);
    EXPECT_GT(checks.focusHistory().bestEdgeWidthPx, 0) << "the frame went into the focus history";

    in.matte = matte.compute(frame, plate);
    const ChecksReport& second = checks.run(in);
    EXPECT_EQ(second.focus.peaking.data, peaking) << "overlay buffers are reused between frames";
    EXPECT_EQ(second.lighting.overlay.data, overlay);
    EXPECT_NEAR(second.focus.edgeWidthPx, checks.focusHistory().bestEdgeWidthPx, 1e-9);
    EXPECT_EQ(checks.focusHistory().frames, 2);
}

TEST(LiveChecks, OverallVerdictIsTheWorstCheck) {
    scenes::SceneOptions o;
    o.exposure = 3;  // blown metal
    const scenes::Scene s = test::renderPiece(Piece::SolitaireRing, o);
    LiveChecks checks;
    const ChecksReport& r = checks.run(test::checkInput(s));
    EXPECT_EQ(r.lighting.verdict, Verdict::Fail);
    EXPECT_EQ(r.overall, Verdict::Fail);
}

TEST(LiveChecks, LinearFrameAndLiveFrameAgreeOnTheVelvet) {
    const scenes::Scene s = test::renderPiece(Piece::CableChain);
    CheckInput linear = test::checkInput(s), live;
    live.frame = scenes::toLiveViewFrame(s.shot, s.shot.size());
    live.matte = s.alpha;
    LiveChecks a, b;
    const double yLinear = a.run(linear).backgroundStats.luminance;
    const double yLive = b.run(live).backgroundStats.luminance;
    EXPECT_NEAR(yLive / yLinear, 1.0, 0.1);
}

TEST(LiveChecks, BadInputIsRefused) {
    LiveChecks checks;
    CheckInput in;
    in.frame = cv::Mat(10, 10, CV_8UC3, cv::Scalar::all(0));
    in.matte = cv::Mat(12, 10, CV_8UC1, cv::Scalar::all(0));
    EXPECT_THROW(checks.run(in), cv::Exception);
    in.matte = cv::Mat(10, 10, CV_16UC1, cv::Scalar::all(0));
    EXPECT_THROW(checks.run(in), cv::Exception);
}
