#include "scenes/halo_sources.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace facet::scenes;

// The split accounts for the whole halo: its shares add up to one, largest first, and every
// pixel of the edge band is in exactly one source.
TEST(HaloSources, TheSharesAccountForTheWholeHalo) {
    const HaloExplanation e = explainHalo(Piece::CableChain, CaptureMode::SingleWithPlate, 100);
    ASSERT_FALSE(e.sources.empty());
    EXPECT_GT(e.halo, 0.5);
    double share = 0, levels = 0;
    int pixels = 0;
    for (size_t i = 0; i < e.sources.size(); ++i) {
        share += e.sources[i].share;
        levels += e.sources[i].meanLevels * e.sources[i].pixels;
        pixels += e.sources[i].pixels;
        if (i > 0) {
            EXPECT_LE(e.sources[i].share, e.sources[i - 1].share);
        }
    }
    EXPECT_NEAR(share, 1.0, 1e-6);
    EXPECT_NEAR(levels / pixels, e.halo, 1e-6);
    // A cable chain's halo is on its links' outlines, not in the open background.
    for (const HaloSource& h : e.sources) {
        if (h.truth == "background" && h.matte == "left out") {
            EXPECT_EQ(h.meanLevels, 0.0);
        }
    }
}

TEST(HaloSources, OnlyTheSingleShotWithAPlateIsExplained) {
    EXPECT_THROW(explainHalo(Piece::CableChain, CaptureMode::Dual, 100), std::invalid_argument);
    EXPECT_THROW(explainHalo(Piece::CableChain, CaptureMode::SingleNoPlate, 100), std::invalid_argument);
}

// The thin-wire and hole misses are split like the halo: every missed pixel in one source. On
// filigree the thin wires are lost on their outlines by the colour estimate, not by a decision:
// on their true colour the plain projection would keep nearly all of them.
TEST(HaloSources, TheTargetsMissesAreSplitByDecision) {
    const HaloExplanation e = explainHalo(Piece::Filigree, CaptureMode::SingleWithPlate, 100);
    for (const TargetMisses* t : {&e.thinWire, &e.holes}) {
        ASSERT_GT(t->counted, 1000);
        ASSERT_GT(t->missed, 0);
        EXPECT_LT(t->missed, t->counted / 10);
        int sum = 0;
        for (size_t i = 0; i < t->sources.size(); ++i) {
            sum += t->sources[i].pixels;
            if (i > 0) {
                EXPECT_LE(t->sources[i].pixels, t->sources[i - 1].pixels);
            }
        }
        EXPECT_EQ(sum, t->missed);
    }
    EXPECT_LE(e.thinWire.keptByTrueColour, e.thinWire.missed);
    EXPECT_GT(e.thinWire.keptByTrueColour, e.thinWire.missed * 9 / 10);
    EXPECT_EQ(e.holes.keptByTrueColour, 0);
    EXPECT_EQ(e.thinWire.sources.front().depth, "outline");
    EXPECT_EQ(e.holes.sources.front().decision, "kept as a mirror");
}
