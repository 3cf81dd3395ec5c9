#include "check_scenes.hpp"
#include "pipeline/checks/edge_contrast_check.hpp"

#include <gtest/gtest.h>

using namespace facet;
using namespace facet::checks;
using scenes::Piece;

namespace {

EdgeContrastResult edgesOf(scenes::SceneOptions o, Piece piece = Piece::SolitaireRing) {
    return checkEdgeContrast(test::checkInput(test::renderPiece(piece, o)));
}

bool onLeft(const EdgeSegment& s) { return s.side.find("left") != std::string::npos; }

}  // namespace

TEST(EdgeContrastCheck, OutlineIsWalkedInSegmentsWithTheirPlace) {
    const EdgeContrastResult r = edgesOf({});
    EXPECT_GE(r.segments.size(), 24u);
    EXPECT_LE(r.segments.size(), 48u);
    int measured = 0;
    for (const auto& s : r.segments) {
        measured += s.measured;
        EXPECT_FALSE(s.points.empty());
        EXPECT_GT(s.box.area(), 0);
        EXPECT_GE(s.clock, 1);
        EXPECT_LE(s.clock, 12);
    }
    EXPECT_GT(measured, int(r.segments.size()) * 3 / 4);
    EXPECT_GT(r.medianContrast, 0.04) << "metal on black velvet stands out";
    for (const auto& s : r.segments) EXPECT_NE(s.cause, "spill") << "no spill light in this scene";
}

TEST(EdgeContrastCheck, SpillOnOneSideIsNamedOnThatSide) {
    scenes::SceneOptions o;
    o.sideSpill = 2.0;
    const EdgeContrastResult r = edgesOf(o);
    int spilled = 0;
    for (const auto& s : r.segments) {
        if (s.cause != "spill") continue;
        ++spilled;
        EXPECT_TRUE(onLeft(s)) << "spill named on the " << s.side << " at " << s.clock << " o'clock";
        EXPECT_NE(s.verdict, Verdict::Ok);
    }
    EXPECT_GT(spilled, 0) << r.message;
    EXPECT_NE(r.verdict, Verdict::Ok);
    EXPECT_NE(r.message.find("left of the piece"), std::string::npos) << r.message;
    EXPECT_NE(r.message.find("spill"), std::string::npos) << r.message;
}

TEST(EdgeContrastCheck, DarkPieceSideAsksForFill) {
    // Underexposed piece, velvet as is: weak everywhere, and the piece (not the velvet) is to blame.
    scenes::SceneOptions o;
    o.exposure = 0.15;
    o.backgroundLevel = 1 / 0.15;
    const EdgeContrastResult r = edgesOf(o);
    EXPECT_NE(r.verdict, Verdict::Ok);
    EXPECT_GT(r.weakSegments, 0);
    EXPECT_NE(r.message.find("raise the fill"), std::string::npos) << r.message;
    for (const auto& s : r.segments)
        if (s.verdict != Verdict::Ok) EXPECT_EQ(s.cause, "dark-piece");
}
