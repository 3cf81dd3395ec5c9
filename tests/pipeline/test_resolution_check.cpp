#include "check_scenes.hpp"
#include "pipeline/checks/resolution_check.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

using namespace facet;
using namespace facet::checks;
using scenes::Piece;

namespace {

// An anti-aliased straight wire of exact width (drawn 16x larger, area-averaged).
cv::Mat wire(double widthPx, double angleDeg, cv::Size size = {160, 120}) {
    constexpr int k = 16;
    cv::Mat big = cv::Mat::zeros(size * k, CV_8UC1);
    const cv::Point2d c(size.width * k / 2.0, size.height * k / 2.0);
    const cv::Point2d d(std::cos(angleDeg * CV_PI / 180) * 50 * k, std::sin(angleDeg * CV_PI / 180) * 50 * k);
    cv::line(big, c - d, c + d, 255, int(std::lround(widthPx * k)), cv::LINE_8);
    cv::Mat small;
    cv::resize(big, small, size, 0, 0, cv::INTER_AREA);
    cv::Mat alpha;
    small.convertTo(alpha, CV_32F, 1.0 / 255);
    return alpha;
}

ResolutionResult resolutionOfChain(double wireScale, cv::Size size = {1024, 680}) {
    scenes::SceneOptions o;
    o.thinWireScale = wireScale;
    o.size = size;
    return checkResolution(test::checkInput(test::renderPiece(Piece::CableChain, o)));
}

}  // namespace

TEST(ResolutionCheck, ChordWidthIsTheSubPixelWidthAtAnyAngle) {
    for (double w : {1.5, 2.5, 4.0})
        for (double angle : {0.0, 17.0, 45.0, 80.0}) {
            const cv::Mat a = wire(w, angle);
            const double measured = chordWidth(a, {80, 60}, 20);
            EXPECT_NEAR(measured, w, 0.2) << "width " << w << " at " << angle << " degrees";
        }
    EXPECT_LT(chordWidth(cv::Mat::ones(50, 50, CV_32FC1), {25, 25}, 10), 0) << "no chord ends inside a solid area";
}

TEST(ResolutionCheck, FineChainIsWarnedNormalChainIsNot) {
    const ResolutionResult normal = resolutionOfChain(1.0);
    EXPECT_EQ(normal.verdict, Verdict::Ok) << normal.message;
    EXPECT_GE(normal.thinnestPx, 3.0);

    // Links scaled down to about 1.5 px.
    const ResolutionResult fine = resolutionOfChain(0.2);
    EXPECT_NE(fine.verdict, Verdict::Ok) << fine.message;
    EXPECT_NEAR(fine.thinnestPx, 1.5, 0.35);
    EXPECT_FALSE(fine.thinSpots.empty());
    EXPECT_NE(fine.message.find("Move closer or zoom in"), std::string::npos) << fine.message;
}

TEST(ResolutionCheck, MillimetresAndLiveViewScale) {
    scenes::SceneOptions o;
    o.thinWireScale = 0.2;
    CheckInput in = test::checkInput(test::renderPiece(Piece::CableChain, o));
    const ResolutionResult plain = checkResolution(in);
    in.pxPerMm = 50;
    const ResolutionResult withMm = checkResolution(in);
    EXPECT_NEAR(withMm.thinnestMm, withMm.thinnestPx / 50, 1e-9);
    EXPECT_NE(withMm.message.find(" mm)"), std::string::npos);
    // The same frame as the live view of a camera with 3x the pixels: links are 3x wider in the capture.
    in.captureScale = 3;
    const ResolutionResult live = checkResolution(in);
    EXPECT_NEAR(live.thinnestPx, 3 * plain.thinnestPx, 0.5);
}

TEST(ResolutionCheck, ReducedCaptureMeasuresAtFullResolution) {
    // A capture analysed at half its size: the widths still come from the full-resolution matte,
    // the same 1.5 px links as in the 1024 px frame (the scene scales with its size).
    scenes::SceneOptions o;
    o.thinWireScale = 0.2 * 1024.0 / 1536.0;
    o.size = {1536, 1020};
    CheckFrame frame;
    frame.prepare(test::checkInput(test::renderPiece(Piece::CableChain, o)), 768);
    ASSERT_NEAR(frame.fullPerAnalysis, 2.0, 1e-9);
    ResolutionCheck check;
    const ResolutionResult r = check.measure(frame, {});
    EXPECT_NE(r.verdict, Verdict::Ok) << r.message;
    EXPECT_GT(r.measuredPoints, 10);
    EXPECT_NEAR(r.thinnestPx, 1.5, 0.35) << r.message;
}
