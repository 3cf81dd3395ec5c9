#include "scenes/halo_headroom.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace facet::scenes;

// Each truth told brings the halo down, none below the noise floor; the halo is the quality
// table's (the same cutout), and the floor is what noise alone leaves: under a level or so.
TEST(HaloHeadroom, EveryTruthToldLowersTheHaloAndNoneGoesBelowTheNoiseFloor) {
    const HaloHeadroom h = measureHaloHeadroom(Piece::CableChain, CaptureMode::SingleWithPlate, 100);
    EXPECT_DOUBLE_EQ(h.halo, measureCutout(Piece::CableChain, CaptureMode::SingleWithPlate, 100).scores.whiteHalo);
    EXPECT_GT(h.noiseFloor, 0.0);
    EXPECT_LT(h.noiseFloor, 1.5);
    for (double told : {h.trueRimColour, h.trueMirrorAlpha, h.truePartialAlpha, h.trueSolidAlpha}) {
        EXPECT_LT(told, h.halo);
        EXPECT_GT(told, h.noiseFloor);
    }
    // The soft edges and the solid pixels split the error between them: told both, the cutout
    // would be the true alpha, so the two gains add up to about the whole gap to the floor.
    const double gains = (h.halo - h.truePartialAlpha) + (h.halo - h.trueSolidAlpha);
    EXPECT_NEAR(gains, h.halo - h.noiseFloor, 0.25 * (h.halo - h.noiseFloor));
}

TEST(HaloHeadroom, OnlyTheSingleShotWithAPlateIsMeasured) {
    EXPECT_THROW(measureHaloHeadroom(Piece::CableChain, CaptureMode::Dual, 100), std::invalid_argument);
    EXPECT_THROW(measureHaloHeadroom(Piece::CableChain, CaptureMode::SingleNoPlate, 100), std::invalid_argument);
}
