// The regions a retoucher should look at, as the cutout reports them.
#include "pipeline/cutout.hpp"
#include "scenes/scene.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

using namespace facet;

TEST(CutoutReview, WithoutAPlateHolesLeftOpenAreFlaggedAsUndecided) {
    scenes::SceneOptions o;
    o.piece = scenes::Piece::SolitaireRing;
    o.seed = 5;
    const scenes::Scene s = scenes::renderScene(o);
    const CutoutResult r = makeCutout({s.shot, {}, {}, {}});
    EXPECT_EQ(r.method, "frame-model");
    ASSERT_FALSE(r.notes.empty());
    // Without a plate a dark area the piece surrounds is left open, and the cutout says it could
    // not prove it is a hole: each such region lies within the piece.
    const cv::Rect piece = cv::boundingRect(s.alpha > 0.5f);
    int undecided = 0;
    for (const ReviewRegion& g : r.review)
        if (g.reason.find("no clean plate") != std::string::npos) {
            ++undecided;
            EXPECT_EQ((g.box & piece), g.box);
        }
    EXPECT_GT(undecided, 0);
}

TEST(CutoutReview, WithAPlateReflectionsKeptOpaqueAreListed) {
    scenes::SceneOptions o;
    o.piece = scenes::Piece::CableChain;
    o.seed = 5;
    const scenes::Scene s = scenes::renderScene(o);
    const CutoutResult r = makeCutout({s.shot, s.plate, {}, {}});
    EXPECT_EQ(r.method, "clean-plate");
    int mirrors = 0;
    for (const ReviewRegion& g : r.review) {
        EXPECT_FALSE(g.box.empty());
        EXPECT_GE(g.severity, 0.0);
        EXPECT_LE(g.severity, 1.0);
        if (g.reason.find("mirroring") != std::string::npos) {
            ++mirrors;
            // A listed mirror lies on the piece.
            EXPECT_GT(cv::countNonZero(s.alpha(g.box) > 0.5f), 0);
        }
    }
    EXPECT_GT(mirrors, 0);
}
