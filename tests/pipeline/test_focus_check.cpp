#include "check_scenes.hpp"
#include "pipeline/checks/focus_check.hpp"

#include <gtest/gtest.h>

using namespace facet;
using namespace facet::checks;
using scenes::Piece;

namespace {

FocusResult focusOf(Piece piece, double blurSigma, const FocusHistory* history = nullptr) {
    scenes::SceneOptions o;
    o.focusBlurSigma = blurSigma;
    return checkFocus(test::checkInput(test::renderPiece(piece, o)), {}, history);
}

}  // namespace

TEST(FocusCheck, ScoreGrowsWithBlurAndSoftFramesAreWarned) {
    // A ring with stones (interior facets and glints) and a chain (judged mostly on its links).
    for (Piece piece : {Piece::SolitaireRing, Piece::TennisBracelet}) {
        double previous = 0;
        for (double sigma : {0.0, 0.7, 1.2, 2.0}) {
            const FocusResult r = focusOf(piece, sigma);
            SCOPED_TRACE(scenes::pieceName(piece) + " blur " + std::to_string(sigma));
            ASSERT_TRUE(r.measurable) << r.message;
            EXPECT_GT(r.edgeWidthPx, previous);
            previous = r.edgeWidthPx;
            if (sigma == 0.0) {
                EXPECT_EQ(r.verdict, Verdict::Ok) << r.message;
                EXPECT_LT(r.edgeWidthPx, 2.0);
                EXPECT_GT(cv::countNonZero(r.peaking), 20) << "sharp edges are marked for the peaking overlay";
            } else {
                EXPECT_NE(r.verdict, Verdict::Ok) << r.message;
                EXPECT_NE(r.message.find("soft"), std::string::npos) << r.message;
            }
            if (sigma >= 1.2) EXPECT_EQ(r.verdict, Verdict::Fail) << r.message;
        }
    }
}

TEST(FocusCheck, ThinPiecesAreJudgedOnTheirOutline) {
    // Filigree wires have no inside once eroded away from the velvet: the outline speaks.
    const FocusResult sharp = focusOf(Piece::Filigree, 0.0), soft = focusOf(Piece::Filigree, 1.2);
    ASSERT_TRUE(sharp.measurable && soft.measurable);
    EXPECT_TRUE(sharp.fromOutline);
    EXPECT_EQ(sharp.verdict, Verdict::Ok) << sharp.message;
    EXPECT_GT(soft.edgeWidthPx, sharp.edgeWidthPx + 1.0);
    EXPECT_NE(soft.verdict, Verdict::Ok);
}

TEST(FocusCheck, SharpVelvetDoesNotHideASoftPiece) {
    // Autofocus on the velvet: the fibre is sharp, the piece is not.
    scenes::SceneOptions o;
    o.piece = Piece::SolitaireRing;
    const scenes::Scene sharp = scenes::renderScene(o);
    o.focusBlurSigma = 1.5;
    const scenes::Scene soft = scenes::renderScene(o);
    cv::Mat frame = sharp.shot.clone();
    soft.shot.copyTo(frame, soft.alpha > 0.01f);
    CheckInput in;
    in.frame = frame;
    in.matte = soft.alpha;
    const FocusResult r = checkFocus(in);
    EXPECT_EQ(r.verdict, Verdict::Fail) << r.message;
    EXPECT_GT(r.edgeWidthPx, focusOf(Piece::SolitaireRing, 0.0).edgeWidthPx * 1.8);
}

TEST(FocusCheck, ComparedWithTheBestFrameOfThePiece) {
    FocusHistory history;
    history.record(focusOf(Piece::PaveCluster, 0.0));
    ASSERT_GT(history.bestEdgeWidthPx, 0);
    const FocusResult same = focusOf(Piece::PaveCluster, 0.0, &history);
    EXPECT_LT(same.softerThanBestPercent, 5);
    const FocusResult softer = focusOf(Piece::PaveCluster, 0.5, &history);
    EXPECT_GT(softer.softerThanBestPercent, 25);
    EXPECT_NE(softer.message.find("softer than your best frame"), std::string::npos) << softer.message;
    EXPECT_NE(softer.verdict, Verdict::Ok);
    history.reset();
    EXPECT_EQ(history.bestEdgeWidthPx, 0);
}

TEST(FocusCheck, NoPieceIsNotJudged) {
    const scenes::Scene s = test::renderPiece(Piece::CableChain);
    CheckInput in;
    in.frame = s.plate;
    in.matte = cv::Mat::zeros(s.plate.size(), CV_32FC1);
    const FocusResult r = checkFocus(in);
    EXPECT_FALSE(r.measurable);
    EXPECT_EQ(r.verdict, Verdict::Warn);
    EXPECT_NE(r.message.find("no piece"), std::string::npos);
}
