// The cutout on rendered scenes with exact ground truth: what it must keep getting right.
// (The full table over every piece and mode is `facet quality`; see README.)
#include "pipeline/cutout.hpp"
#include "pipeline/image.hpp"
#include "scenes/quality_run.hpp"
#include "scenes/scene.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

using namespace facet;
using namespace facet::scenes;

namespace {

// A dual capture as `facet quality` renders it: the front light at 60 % in the backlit frame.
Scene backlitScene(Piece piece, uint64_t seed) {
    SceneOptions o;
    o.piece = piece;
    o.seed = seed;
    o.backlit = true;
    o.frontLightInBacklit = 0.6;
    return renderScene(o);
}

}  // namespace

TEST(CutoutQuality, DualCaptureBeatsThePlainTriangulationFormulaAndGetsStonesRight) {
    for (Piece p : {Piece::SolitaireRing, Piece::TennisBracelet}) {
        QualityRow r = measureCutout(p, CaptureMode::Dual, 7);
        EXPECT_LT(r.scores.sad, r.plainTriangulationSad) << r.piece;
        EXPECT_LE(r.scores.stoneError, 0.03) << r.piece;
        EXPECT_EQ(r.scores.punchThrough, 0.0) << r.piece;
        EXPECT_GE(r.scores.holeFidelity, 0.99) << r.piece;
    }
}

// A silver chain: the backlight spills onto its rims in the backlight's own hue, so only where
// the light is tells spill from transmission; the partly covered silhouette pixels keep their
// coverage too (they lose the spill share measured on the solid rim beside them, the strongest
// near them: the mean of the shares left them low, SAD 0.185 and halo 2.86; now 0.165, 2.45).
TEST(CutoutQuality, DualCaptureKeepsASilverChainsRimsWhole) {
    QualityRow r = measureCutout(Piece::CableChain, CaptureMode::Dual, 100);
    EXPECT_GE(r.scores.thinRecall, 0.975);
    EXPECT_LT(r.scores.sad, 0.18);
    EXPECT_LT(r.scores.whiteHalo, 2.65);
}

// A silver tennis bracelet: each stone sits in a bezel 2-4 px wide that catches the backlight's
// spill on its outer rim. With the stone's transmission right beside it, the bezel used to be
// read as a stone's rim and kept its spill as transmission (alpha ~0.9 all round every
// setting: seed 100 SAD 0.417, halo 7.28); it now passes no more than the spill measured on the
// links, so it is settled as spill (0.212, 3.41) and the stones keep their own alpha.
TEST(CutoutQuality, DualCaptureKeepsASilverBezelBesideItsStoneOpaque) {
    QualityRow r = measureCutout(Piece::TennisBracelet, CaptureMode::Dual, 100);
    EXPECT_LT(r.scores.sad, 0.30);
    EXPECT_LT(r.scores.whiteHalo, 5.0);
    EXPECT_LE(r.scores.stoneError, 0.015);
}

// A silver cuban chain (seed 105): the gaps between its links are too small to pass all of the
// backlight, but the metal round them catches its spill. Read from where alpha is ~0 only, that
// metal stayed ~0.1 low (SAD 0.279, halo 4.38); from where most of the backlight passes, 0.199
// and 2.74.
TEST(CutoutQuality, DualCaptureSettlesSpillRoundASilverChainsSmallGaps) {
    QualityRow r = measureCutout(Piece::CubanChain, CaptureMode::Dual, 105);
    EXPECT_LT(r.scores.sad, 0.24);
    EXPECT_LT(r.scores.whiteHalo, 3.5);
}

// Rose-gold filigree (seed 102): its polished patches mirror the dark set, so the front shot
// shows no gold there to colour the spill they catch near every edge; the tile's lit metal does.
// Before, the mirrors' alpha came out ~0.1 low along the edges (SAD 0.340, halo 1.55); now
// 0.257 and 0.82.
TEST(CutoutQuality, DualCaptureKeepsGoldMirrorsOpaqueUnderSpill) {
    QualityRow r = measureCutout(Piece::Filigree, CaptureMode::Dual, 102);
    EXPECT_LT(r.scores.sad, 0.30);
    EXPECT_LT(r.scores.whiteHalo, 1.2);
}

// Pearls are white like the backlight: their soft limb a few pixels in looked like a rim
// catching spill and was made opaque (seed 102: SAD 0.163, halo 2.20). A soft edge is no rim:
// 0.054 and 1.03.
TEST(CutoutQuality, DualCaptureKeepsThePearlsSoftEdge) {
    QualityRow r = measureCutout(Piece::PearlStrand, CaptureMode::Dual, 102);
    EXPECT_LT(r.scores.sad, 0.10);
    EXPECT_LT(r.scores.whiteHalo, 1.6);
}

// Filigree is fine wire only: every opaque pixel catches the backlight's spill, and the front
// light's share in the backlit frame measures too high (0.77-0.85 for 0.6). Given by the
// profile, it is used as it is, said in the notes, and the matte is the better for it.
TEST(CutoutQuality, DualCaptureTakesTheFrontLightShareFromTheProfile) {
    const Scene s = backlitScene(Piece::Filigree, 103);
    const CutoutInputs in{s.shot, s.plate, s.backlitShot, s.backlitPlate};
    CutoutParams p;
    p.stones = StoneTreatment::Transmit;
    const CutoutResult measured = makeCutout(in, p);
    p.frontLightInBacklit = 0.6;
    const CutoutResult given = makeCutout(in, p);
    EXPECT_GT(measured.frontLightRatio, 0.7);
    EXPECT_DOUBLE_EQ(given.frontLightRatio, 0.6);
    bool noted = false;
    for (const auto& n : given.notes) noted |= n.find("taken from the profile (60 %)") != std::string::npos;
    EXPECT_TRUE(noted);
    auto sad = [&](const CutoutResult& r) { return cv::sum(cv::abs(r.alpha - s.alphaTransmit))[0]; };
    EXPECT_LT(sad(given), 0.9 * sad(measured));
}

// `facet cutout` holds a dual capture's backlit plate in half precision (it keeps four 24 MP
// frames under 1.2 GB): the matte is the float plate's to well under a level of alpha.
TEST(CutoutQuality, DualCaptureWithAHalfPrecisionBacklitPlateIsTheSameMatte) {
    const Scene s = backlitScene(Piece::TennisBracelet, 100);
    CutoutParams p;
    p.stones = StoneTreatment::Transmit;
    const CutoutResult full = makeCutout({s.shot, s.plate, s.backlitShot, s.backlitPlate}, p);
    const CutoutResult half = makeCutout({s.shot, s.plate, s.backlitShot, halfPrecisionPlate(s.backlitPlate)}, p);
    EXPECT_NEAR(half.frontLightRatio, full.frontLightRatio, 1e-3);
    EXPECT_LT(cv::mean(cv::abs(half.alpha - full.alpha))[0], 1e-4);
    EXPECT_LT(cv::norm(half.alpha, full.alpha, cv::NORM_INF), 0.1);
}

// The front plate is held in half precision too: the single shot's matte (its texture test
// reads the plate's fibres in noise units) and the dual's are the float plate's.
TEST(CutoutQuality, AHalfPrecisionFrontPlateIsTheSameMatte) {
    SceneOptions o;
    o.piece = Piece::Filigree;
    o.seed = 100;
    const Scene single = renderScene(o);
    const CutoutResult full = makeCutout({single.shot, single.plate});
    const CutoutResult half = makeCutout({single.shot, halfPrecisionPlate(single.plate)});
    EXPECT_NEAR(half.plate.shift.x, full.plate.shift.x, 0.01);
    EXPECT_NEAR(half.plate.shift.y, full.plate.shift.y, 0.01);
    EXPECT_LT(cv::mean(cv::abs(half.alpha - full.alpha))[0], 2e-4);
    EXPECT_LT(cv::countNonZero(cv::abs(half.alpha - full.alpha) > 0.1f), 50);

    const Scene s = backlitScene(Piece::TennisBracelet, 100);
    CutoutParams p;
    p.stones = StoneTreatment::Transmit;
    const CutoutResult dualFull = makeCutout({s.shot, s.plate, s.backlitShot, s.backlitPlate}, p);
    const CutoutResult dualHalf =
        makeCutout({s.shot, halfPrecisionPlate(s.plate), s.backlitShot, halfPrecisionPlate(s.backlitPlate)}, p);
    EXPECT_NEAR(dualHalf.frontLightRatio, dualFull.frontLightRatio, 1e-3);
    EXPECT_LT(cv::mean(cv::abs(dualHalf.alpha - dualFull.alpha))[0], 1e-4);
}

TEST(CutoutQuality, SingleShotWithPlateKeepsChainHolesOpenAndLinksWhole) {
    QualityRow r = measureCutout(Piece::CableChain, CaptureMode::SingleWithPlate, 7);
    EXPECT_GE(r.scores.holeFidelity, 0.90);
    EXPECT_GE(r.scores.thinRecall, 0.96);
    EXPECT_LE(r.scores.punchThrough, 0.01);
    EXPECT_LT(r.scores.sad, 1.2);
}

// Filigree: 1-3 px wires, polished patches mirroring the velvet, large open spaces between.
TEST(CutoutQuality, SingleShotWithPlateKeepsFiligreeWiresAndItsMirrorsOpaque) {
    QualityRow r = measureCutout(Piece::Filigree, CaptureMode::SingleWithPlate, 7);
    EXPECT_GE(r.scores.thinRecall, 0.93);
    EXPECT_LE(r.scores.punchThrough, 0.01);
    EXPECT_GE(r.scores.holeFidelity, 0.97);
}

// A pave's stones show the velvet behind them, dimmed and displaced: among its ~100k stone
// pixels some 700 matched the plate closely enough for a faint edge to explain them, and came
// out as pin windows through the stones (stone error 0.0080). A faint pixel or two closed in on
// every side by brighter surface is no opening: 0.0039.
TEST(CutoutQuality, SingleShotPunchesNoPinWindowsThroughPaveStones) {
    QualityRow r = measureCutout(Piece::PaveCluster, CaptureMode::SingleWithPlate, 100);
    EXPECT_LT(r.scores.stoneError, 0.005);
    EXPECT_GE(r.scores.holeFidelity, 0.93);
}

// A solitaire's prongs are round and lit from one side: their shaded side falls off far more
// steeply than the band's rim facing the same way, and measured with the band's falloff it came
// out half transparent (seed 101: thin recall 0.854, halo 7.10). Each stretch of outline now
// gets its own falloff: 0.890 and 6.79.
TEST(CutoutQuality, SingleShotOnAcrylicKeepsTheSolitairesShadedProngs) {
    QualityRow r = measureCutout(Piece::SolitaireRing, CaptureMode::Acrylic, 101);
    EXPECT_GE(r.scores.thinRecall, 0.88);
    EXPECT_LT(r.scores.whiteHalo, 7.0);
    EXPECT_LT(r.scores.sad, 0.55);
}

// The piece's own shadow on the velvet is darker than the plate: without measuring it the
// residual test called it "not the plate" and kept it as a dark skirt (70-99 % of it).
TEST(CutoutQuality, SingleShotLeavesThePiecesShadowOnTheVelvetOut) {
    SceneOptions o;
    o.piece = Piece::CableChain;
    o.seed = 7;
    o.shadowStrength = 0.3;
    const Scene s = renderScene(o);
    o.shadowStrength = 0;
    const Scene lit = renderScene(o);
    cv::Mat light, shadow;
    cv::divide(s.background, lit.background, light);
    cv::extractChannel(light, light, 1);
    shadow = (light < 0.9f) & (s.alpha <= 0.0f);
    ASSERT_GT(cv::countNonZero(shadow), 2000);

    const CutoutResult r = makeCutout({s.shot, s.plate, {}, {}});
    EXPECT_LT(cv::countNonZero(shadow & (r.alpha > 0.1f)), 0.15 * cv::countNonZero(shadow));
    // The report says so; a shot without a shadow gets no such note.
    auto mentionsShadow = [](const CutoutResult& c) {
        for (const auto& n : c.notes)
            if (n.find("shadow") != std::string::npos) return true;
        return false;
    };
    EXPECT_TRUE(mentionsShadow(r));
    EXPECT_FALSE(mentionsShadow(makeCutout({lit.shot, lit.plate, {}, {}})));
    QualityRow q = measureCutout(Piece::CableChain, CaptureMode::SingleWithPlate, 7, {1024, 680}, 0.3);
    EXPECT_LT(q.scores.sad, 2.0);
    EXPECT_LE(q.scores.punchThrough, 0.03);
    // A deep shadow, its light changing fast towards the piece: mostly left out (8.3 before the
    // shadow was measured; the links' holes, deepest in it, are what stays).
    q = measureCutout(Piece::CableChain, CaptureMode::SingleWithPlate, 7, {1024, 680}, 0.6);
    EXPECT_LT(q.scores.sad, 3.5);
}

// Smooth acrylic has no fibres to tell the piece's shadow from polished metal mirroring the
// set: what is kept opaque there is flagged for the retoucher as either, where the shadow is.
TEST(CutoutQuality, OnAcrylicAShadowKeptOpaqueIsFlaggedAsPossiblyTheShadow) {
    SceneOptions o;
    o.piece = Piece::SolitaireRing;
    o.surface = Surface::DarkAcrylic;
    o.seed = 7;
    o.shadowStrength = 0.3;
    const Scene s = renderScene(o);
    CutoutParams params;
    params.surface = SurfaceKind::Acrylic;
    const CutoutResult r = makeCutout({s.shot, s.plate, {}, {}}, params);
    cv::Mat flagged = cv::Mat::zeros(s.alpha.size(), CV_8UC1);
    for (const ReviewRegion& region : r.review)
        if (region.reason.find("shadow on the acrylic") != std::string::npos) flagged(region.box).setTo(255);
    // Most of what the cutout keeps opaque on the open set lies in a flagged box.
    const cv::Mat keptOnSet = (r.alpha > 0.5f) & (s.alpha <= 0.0f);
    ASSERT_GT(cv::countNonZero(keptOnSet), 100);
    EXPECT_GT(cv::countNonZero(keptOnSet & flagged), 0.8 * cv::countNonZero(keptOnSet));
}

// Every pearl keeps its soft edge all round, the small ones at the strand's ends too: the silk
// thread's sharp outline beside them is no reason to make half a pearl's edge hard (it was:
// 15 % of the edge's pixels came out opaque).
TEST(CutoutQuality, SingleShotKeepsTheSoftEdgeOfEveryPearl) {
    SceneOptions o;
    o.piece = Piece::PearlStrand;
    o.seed = 7;
    const Scene s = renderScene(o);
    const CutoutResult r = makeCutout({s.shot, s.plate, {}, {}});
    const cv::Mat edge = (s.regions == kPearl) & (s.alpha > 0.05f) & (s.alpha < 0.95f);
    ASSERT_GT(cv::countNonZero(edge), 1000);
    // A hard edge would make the ramp's outer four fifths opaque too.
    const cv::Mat outerEdge = edge & (s.alpha < 0.8f);
    EXPECT_LT(cv::countNonZero(outerEdge & (r.alpha >= 1.0f)), 0.06 * cv::countNonZero(outerEdge));
    cv::Mat error;
    cv::absdiff(r.alpha, s.alpha, error);
    EXPECT_LT(cv::mean(error, edge)[0], 0.085);
    // Not too faint either: the soft band is the pearl's limb, darker than its body (the body's
    // colour made the band's alpha 0.08 too low on average).
    const cv::Mat signedError = r.alpha - s.alpha;
    EXPECT_GT(cv::mean(signedError, edge)[0], -0.03);
    EXPECT_LT(cv::mean(signedError, edge)[0], 0.05);
}

// A chandelier's pearls hang from a small ring of 3-4 px wire. Counted as the pearl's own
// outline, the ring's sharp edge made the pearl's soft edge look half sharp and it was cut hard.
TEST(CutoutQuality, SingleShotKeepsTheSoftEdgeOfAPearlHangingFromARing) {
    const SceneCutout c = cutOutScene(Piece::ChandelierEarring, CaptureMode::SingleWithPlate, 101);
    const Scene& s = c.scene;
    const cv::Mat edge = (s.regions == kPearl) & (s.alpha > 0.05f) & (s.alpha < 0.95f);
    ASSERT_GT(cv::countNonZero(edge), 100);
    const cv::Mat signedError = c.result.alpha - s.alpha;
    EXPECT_LT(cv::mean(signedError, edge)[0], 0.08);
    EXPECT_GT(cv::mean(signedError, edge)[0], -0.05);
}

// A ring band's shaded side darkens over several pixels towards its silhouette, as a pearl's
// soft edge does, but its outline is sharp: the band must stay opaque right up to its one
// pixel of mixing. (Seed 102's band was cut with a 3-6 px ramp along its lower side: 3.7 % of
// its metal below half.)
TEST(CutoutQuality, SingleShotKeepsARingBandsShadedSideSharp) {
    SceneOptions o;
    o.piece = Piece::SolitaireRing;
    o.seed = 102;
    const Scene s = renderScene(o);
    const CutoutResult r = makeCutout({s.shot, s.plate, {}, {}});
    // Opaque metal at least two pixels inside the outline.
    cv::Mat inside;
    cv::distanceTransform(s.alpha >= 1.0f, inside, cv::DIST_L2, cv::DIST_MASK_5);
    const cv::Mat band = (s.regions == kMetal) & (inside >= 2.0f) & (inside < 6.0f);
    ASSERT_GT(cv::countNonZero(band), 2000);
    EXPECT_LT(cv::countNonZero(band & (r.alpha < 0.95f)), 0.01 * cv::countNonZero(band));
    const JewelryScores q = scoreJewelryMatte(r.alpha, r.foreground, s.alpha, s.foreground, s.regions);
    EXPECT_LT(q.punchThrough, 0.005);
}

TEST(CutoutQuality, AClearPlateBeatsModellingTheBackgroundFromTheFrame) {
    QualityRow withPlate = measureCutout(Piece::SolitaireRing, CaptureMode::SingleWithPlate, 7);
    QualityRow without = measureCutout(Piece::SolitaireRing, CaptureMode::SingleNoPlate, 7);
    EXPECT_LT(withPlate.scores.sad, without.scores.sad);
    EXPECT_LT(withPlate.scores.punchThrough, without.scores.punchThrough);
}

TEST(CutoutQuality, AcrylicMirrorImageIsBackground) {
    SceneOptions o;
    o.piece = Piece::SolitaireRing;
    o.surface = Surface::DarkAcrylic;
    o.seed = 7;
    const Scene s = renderScene(o);
    CutoutParams params;
    params.surface = SurfaceKind::Acrylic;
    const CutoutResult r = makeCutout({s.shot, s.plate, {}, {}}, params);
    const cv::Mat mirror = s.regions == kAcrylicMirror;
    ASSERT_GT(cv::countNonZero(mirror), 100);
    EXPECT_LT(cv::mean(r.alpha, mirror)[0], 0.02);
    // Without the acrylic setting the same mirror image would be cut out as part of the piece.
    const CutoutResult naive = makeCutout({s.shot, s.plate, {}, {}}, CutoutParams{});
    EXPECT_GT(cv::mean(naive.alpha, mirror)[0], 0.3);
}

// Silver mirroring the velvet leaves stretches of outline that cannot be measured against the
// plate (taken as metal): the cutout says so and points to the dual capture. Rose gold's mirrors
// are tinted and measured: nothing to say.
TEST(CutoutQuality, SingleShotSaysWhereSilverMirrorsLeaveTheOutlineJudged) {
    auto judgedNote = [](const CutoutResult& r) {
        for (const auto& n : r.notes)
            if (n.find("the edge there is judged") != std::string::npos) return n;
        return std::string();
    };
    const std::string silver = judgedNote(cutOutScene(Piece::CableChain, CaptureMode::SingleWithPlate, 100).result);
    EXPECT_NE(silver.find("% of the outline"), std::string::npos) << silver;
    EXPECT_NE(silver.find("backlit dual capture"), std::string::npos) << silver;
    EXPECT_EQ(judgedNote(cutOutScene(Piece::CableChain, CaptureMode::SingleWithPlate, 102).result), "");
    EXPECT_EQ(judgedNote(cutOutScene(Piece::CableChain, CaptureMode::Dual, 100).result), "");
}
