#include "check_scenes.hpp"
#include "pipeline/checks/lighting_check.hpp"

#include <gtest/gtest.h>

using namespace facet;
using namespace facet::checks;
using scenes::Piece;

namespace {

LightingResult lightingOf(scenes::SceneOptions o, Piece piece = Piece::SolitaireRing) {
    return checkLighting(test::checkInput(test::renderPiece(piece, o)));
}

bool has(const LightingResult& r, const std::string& what) {
    for (const auto& f : r.findings)
        if (f.what == what) return true;
    return false;
}

}  // namespace

TEST(LightingCheck, GainSeriesUnderWellAndOverExposed) {
    scenes::SceneOptions o;
    double previousHighlight = 0;
    for (double gain : {0.08, 0.25, 1.0, 2.5}) {
        o.exposure = gain;
        const LightingResult r = lightingOf(o);
        SCOPED_TRACE("gain " + std::to_string(gain) + ": " + r.message);
        EXPECT_GE(r.pieceHighlight, previousHighlight);
        previousHighlight = r.pieceHighlight;
        if (gain < 0.5) {
            EXPECT_TRUE(has(r, "underexposed"));
            EXPECT_LT(r.exposureStops, 0);
            EXPECT_NE(r.message.find("stops underexposed"), std::string::npos);
        }
        if (gain == 0.08) EXPECT_EQ(r.verdict, Verdict::Fail);
        if (gain == 1.0) {
            EXPECT_EQ(r.verdict, Verdict::Ok);
            EXPECT_EQ(r.blownAreas, 0);
            EXPECT_GT(r.glints, 0) << "deliberate sparkle is seen but not blamed";
        }
        if (gain == 2.5) {
            EXPECT_TRUE(has(r, "blown-metal"));
            EXPECT_EQ(r.verdict, Verdict::Fail);
            EXPECT_GT(r.blownPercent, 1.0);
            EXPECT_FALSE(r.blownBoxes.empty());
            EXPECT_GT(cv::countNonZero(r.overlay == 255), 0);
        }
    }
}

TEST(LightingCheck, SpillOnTheLeftMakesTheVelvetUneven) {
    scenes::SceneOptions o;
    o.sideSpill = 1.0;
    const LightingResult r = lightingOf(o);
    ASSERT_TRUE(has(r, "uneven-background")) << r.message;
    EXPECT_NE(r.brighterSide.find("left"), std::string::npos) << r.brighterSide;
    EXPECT_NE(r.message.find("from the left"), std::string::npos) << r.message;
    EXPECT_FALSE(has(lightingOf({}), "uneven-background"));
}

TEST(LightingCheck, ColourCastOnTheVelvet) {
    scenes::SceneOptions o;
    o.backgroundTint = cv::Scalar(1.3, 1.0, 0.75);  // B, G, R: bluer
    const LightingResult r = lightingOf(o);
    ASSERT_TRUE(has(r, "colour-cast")) << r.message;
    EXPECT_NE(r.message.find("blue"), std::string::npos) << r.message;
    EXPECT_FALSE(has(lightingOf({}), "colour-cast"));
}

TEST(LightingCheck, LiftedAndCrushedVelvet) {
    scenes::SceneOptions o;
    o.backgroundLevel = 12;  // grey velvet: lit like the piece
    EXPECT_TRUE(has(lightingOf(o), "lifted-velvet"));
    o.backgroundLevel = 0.05;  // velvet at pure black
    o.readNoise = 0;
    EXPECT_TRUE(has(lightingOf(o), "crushed-velvet"));
}
