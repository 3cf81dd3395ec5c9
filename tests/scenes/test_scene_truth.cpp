// The ground truth is consistent with the images: every class renders, alpha is an alpha, the
// promised regions exist, and shot / plate / dual capture follow their equations up to noise.
#include "scene_fixtures.hpp"

#include "pipeline/matte_regions.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include <set>

using namespace facet;
using namespace facet::scenes;
using facet::test::defaultScene;

namespace {

int regionPixels(const Scene& s, Region r) { return cv::countNonZero(s.regions == r); }

bool hasHoles(Piece p) { return p != Piece::PearlStrand; }
bool hasStones(Piece p) {
    return p == Piece::SolitaireRing || p == Piece::PaveCluster || p == Piece::TennisBracelet ||
           p == Piece::ChandelierEarring;
}

cv::Mat awayFromEdges(const cv::Mat& mask, int margin) {
    cv::Mat m = mask.clone();
    m.rowRange(0, margin).setTo(0);
    m.rowRange(m.rows - margin, m.rows).setTo(0);
    m.colRange(0, margin).setTo(0);
    m.colRange(m.cols - margin, m.cols).setTo(0);
    return m;
}

}  // namespace

TEST(SceneTruth, PieceNamesRoundTrip) {
    std::set<std::string> names;
    for (Piece p : allPieces()) {
        Piece back;
        ASSERT_TRUE(pieceFromName(pieceName(p), back)) << pieceName(p);
        EXPECT_EQ(back, p);
        names.insert(pieceName(p));
    }
    EXPECT_EQ(names.size(), 8u);
    Piece unused;
    EXPECT_FALSE(pieceFromName("toaster", unused));
}

TEST(SceneTruth, EveryClassRendersAnAlphaInRangeWithItsRegions) {
    for (Piece p : allPieces()) {
        SCOPED_TRACE(pieceName(p));
        const Scene& s = defaultScene(p);
        const cv::Size size = s.options.size;
        ASSERT_EQ(s.shot.type(), CV_32FC3);
        ASSERT_EQ(s.shot.size(), size);
        ASSERT_EQ(s.plate.size(), size);
        ASSERT_EQ(s.alpha.type(), CV_32FC1);
        ASSERT_EQ(s.alphaTransmit.type(), CV_32FC1);
        ASSERT_EQ(s.regions.type(), CV_8UC1);
        double lo, hi;
        cv::minMaxLoc(s.alpha, &lo, &hi);
        EXPECT_GE(lo, 0.0);
        EXPECT_LE(hi, 1.0);
        EXPECT_EQ(hi, 1.0);  // the piece has opaque parts
        cv::minMaxLoc(s.alphaTransmit, &lo, &hi);
        EXPECT_GE(lo, 0.0);
        EXPECT_LE(hi, 1.0);
        // Transmit alpha never exceeds the preserve alpha (stones only lose opacity).
        cv::Mat excess = s.alphaTransmit - s.alpha;
        cv::minMaxLoc(excess, &lo, &hi);
        EXPECT_LE(hi, 1e-5);

        // The piece fills roughly 40-70 % of the frame width and lies inside the frame.
        const cv::Rect box = cv::boundingRect(s.alpha > 0);
        EXPECT_GE(box.width, 0.35 * size.width);
        EXPECT_LE(box.width, 0.75 * size.width);
        EXPECT_GT(box.x, 0);
        EXPECT_GT(box.y, 0);
        EXPECT_LT(box.br().x, size.width);
        EXPECT_LT(box.br().y, size.height);

        // Regions promised by the class; every piece has polished metal mirroring the set.
        EXPECT_GT(regionPixels(s, kMetalReflection), 20);
        if (hasHoles(p)) {
            EXPECT_GT(regionPixels(s, kEnclosedHole), 20);
        }
        if (hasStones(p)) {
            EXPECT_GT(regionPixels(s, kStone), 100);
        }
        if (p == Piece::PearlStrand) {
            EXPECT_GT(regionPixels(s, kPearl), 1000);
        }
        if (p != Piece::SolitaireRing && p != Piece::PaveCluster) {
            EXPECT_GT(regionPixels(s, kThinWire), 200);
        }
        EXPECT_EQ(regionPixels(s, kAcrylicMirror), 0);  // velvet: no mirror

        // Region map and alpha agree: background and holes transparent, piece regions not.
        cv::Mat transparent = (s.regions == kBackground) | (s.regions == kEnclosedHole);
        EXPECT_EQ(cv::countNonZero((s.alpha > 0) & transparent), 0);
        EXPECT_EQ(cv::countNonZero((s.alpha == 0) & ~transparent), 0);
        // Polished metal is opaque metal (its pixels are partial only at the wire's edges).
        cv::Mat reflection = s.regions == kMetalReflection;
        EXPECT_GT(cv::countNonZero(reflection & (s.alpha >= 0.99f)), 10);
        EXPECT_GT(cv::mean(s.alpha, reflection)[0], 0.6);
    }
}

TEST(SceneTruth, AboutAFifthOfTheMetalMirrorsTheSet) {
    for (Piece p : allPieces()) {
        SCOPED_TRACE(pieceName(p));
        const Scene& s = defaultScene(p);
        const double metal = cv::countNonZero(s.metalMask);
        const double mirrored = regionPixels(s, kMetalReflection);
        ASSERT_GT(metal, 0);
        EXPECT_GT(mirrored / metal, 0.08);
        EXPECT_LT(mirrored / metal, 0.30);
    }
}

TEST(SceneTruth, ShotIsTheCompositePlusSensorNoise) {
    for (Piece p : allPieces()) {
        SCOPED_TRACE(pieceName(p));
        const Scene& s = defaultScene(p);
        const cv::Mat clean = facet::test::composite(s.alpha, s.foreground, s.background);
        const cv::Mat sigma = facet::test::noiseStd(clean, s.options);
        const cv::Mat all(s.alpha.size(), CV_8UC1, cv::Scalar(255));
        const auto r = facet::test::normalisedResidual(s.shot, clean, sigma, all);
        EXPECT_NEAR(r.mean, 0.0, 0.01);
        EXPECT_NEAR(r.std, 1.0, 0.02);
        // The transmit truth describes the same noise-free shot.
        const cv::Mat cleanT = facet::test::composite(s.alphaTransmit, s.foregroundTransmit, s.background);
        EXPECT_LT(cv::norm(cleanT, clean, cv::NORM_INF), 2e-4);
        // Where nothing of the piece is, the shot shows the background alone.
        const auto bg = facet::test::normalisedResidual(s.shot, s.background, sigma, s.alpha == 0);
        EXPECT_NEAR(bg.std, 1.0, 0.02);
    }
}

TEST(SceneTruth, PlateIsTheShiftedDriftedSetWithAveragedNoise) {
    const Scene& s = defaultScene(Piece::CableChain);
    const SceneOptions& o = s.options;
    cv::Mat shifted;
    cv::warpAffine(s.background, shifted, cv::Matx23d(1, 0, o.plateShift.x, 0, 1, o.plateShift.y), s.background.size(),
                   cv::INTER_CUBIC, cv::BORDER_REFLECT);
    const cv::Mat expected = shifted * o.plateExposureDrift;
    // Only where neither the shot's piece nor its shifted copy is near.
    cv::Mat near;
    cv::dilate(s.alpha > 0, near, cv::getStructuringElement(cv::MORPH_ELLIPSE, {11, 11}));
    const cv::Mat far = awayFromEdges(~near, 6);
    const cv::Mat sigma = facet::test::noiseStd(expected, o, o.plateFrames);
    const auto r = facet::test::normalisedResidual(s.plate, expected, sigma, far);
    EXPECT_GT(r.pixels, 100000);
    EXPECT_NEAR(r.mean, 0.0, 0.02);
    EXPECT_NEAR(r.std, 1.0, 0.03);
    // Not the same pixels as the shot: the camera moved and the exposure drifted.
    const auto unshifted = facet::test::normalisedResidual(s.plate, s.background, sigma, far);
    EXPECT_GT(unshifted.std, 3.0);
}

TEST(SceneTruth, HolesShowTheSetItselfAndReflectionsDoNot) {
    SceneOptions o;
    o.piece = Piece::CableChain;
    o.seed = 11;
    o.plateShift = {0, 0};
    o.plateExposureDrift = 1;
    o.plateFrames = 1000000;  // a noise-free plate: the set itself
    const Scene s = renderScene(o);
    const cv::Mat set = s.plate;
    // Holes: the background there is the set, pixel for pixel.
    const cv::Mat holes = s.regions == kEnclosedHole;
    ASSERT_GT(cv::countNonZero(holes), 20);
    cv::Mat diff;
    cv::absdiff(s.background, set, diff);
    const double noise = facet::test::noiseStd(set, o).at<cv::Vec3f>(0, 0)[1];
    double holeWorst = 0;
    for (int y = 0; y < holes.rows; ++y)
        for (int x = 0; x < holes.cols; ++x)
            if (holes.at<uint8_t>(y, x))
                for (int c = 0; c < 3; ++c) holeWorst = std::max(holeWorst, double(diff.at<cv::Vec3f>(y, x)[c]));
    EXPECT_LT(holeWorst, 0.05 * noise);

    // Reflections: opaque, dark like the set, but a structured copy of it, not the plate.
    const cv::Mat refl = (s.regions == kMetalReflection) & (s.alpha >= 0.999f);
    ASSERT_GT(cv::countNonZero(refl), 20);
    const double fg = cv::mean(s.foreground, refl)[1], bg = cv::mean(set, refl)[1];
    EXPECT_GT(fg, 0.25 * bg);
    EXPECT_LT(fg, 1.5 * bg);
    cv::Mat d = s.foreground - set, d2 = d.mul(d);
    const double rms = std::sqrt(cv::mean(d2, refl)[1]);
    EXPECT_GT(rms, 2.0 * noise);  // a residual well above the noise: structure, not a hole
}

TEST(SceneTruth, AcrylicMirrorsThePieceBelowItsContactLineButNotInThePlate) {
    SceneOptions o;
    o.piece = Piece::TennisBracelet;
    o.surface = Surface::DarkAcrylic;
    o.seed = 5;
    o.plateShift = {0, 0};
    o.plateExposureDrift = 1;
    o.plateFrames = 1000000;
    const Scene s = renderScene(o);
    const cv::Mat mirror = s.regions == kAcrylicMirror;
    ASSERT_GT(cv::countNonZero(mirror), 200);
    EXPECT_EQ(cv::countNonZero((s.alpha > 0) & mirror), 0);  // alpha 0: it is background
    // Below the piece.
    const cv::Rect piece = cv::boundingRect(s.alpha > 0), shown = cv::boundingRect(mirror);
    EXPECT_GE(shown.y, piece.br().y - 1);
    // In the background, not in the plate: clearly brighter than the plate there.
    const double b = cv::mean(s.background, mirror)[1], p = cv::mean(s.plate, mirror)[1];
    EXPECT_GT(b - p, 0.2 * p);
    // Elsewhere the plate is the background.
    const cv::Mat elsewhere = (s.regions == kBackground);
    EXPECT_NEAR(cv::mean(s.background, elsewhere)[1], cv::mean(s.plate, elsewhere)[1], 1e-5);
}

TEST(SceneTruth, StonesAreOpaqueToPreserveAndPartialToTransmit) {
    for (Piece p : {Piece::SolitaireRing, Piece::PaveCluster, Piece::TennisBracelet}) {
        SCOPED_TRACE(pieceName(p));
        const Scene& s = defaultScene(p);
        cv::Mat inside;
        cv::erode(s.regions == kStone, inside, cv::getStructuringElement(cv::MORPH_ELLIPSE, {5, 5}));
        ASSERT_GT(cv::countNonZero(inside), 50);
        double lo, hi;
        cv::minMaxLoc(s.alpha, &lo, nullptr, nullptr, nullptr, inside);
        EXPECT_GE(lo, 0.999);
        cv::minMaxLoc(s.alphaTransmit, &lo, &hi, nullptr, nullptr, inside);
        EXPECT_GE(lo, 0.34);
        EXPECT_LE(hi, 0.86);
        cv::Scalar mean, sd;
        cv::meanStdDev(s.alphaTransmit, mean, sd, inside);
        EXPECT_GT(sd[0], 0.03);  // varies over the facets
    }
    // Where the girdle meets the background (the solitaire's stone) the preserve alpha is
    // anti-aliased, not cut.
    const Scene& ring = defaultScene(Piece::SolitaireRing);
    cv::Mat rim = (ring.regions == kStone) & (ring.alpha > 0.02f) & (ring.alpha < 0.98f);
    EXPECT_GT(cv::countNonZero(rim), 10);
}

TEST(SceneTruth, PearlsHaveASoftEdgeTwoToFourPixelsWide) {
    const Scene& s = defaultScene(Piece::PearlStrand);
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(s.regions == kPearl, labels, stats, centroids, 8);
    int measured = 0;
    for (int i = 1; i < n; ++i) {
        if (stats.at<int>(i, cv::CC_STAT_AREA) < 200) continue;
        const int y = int(centroids.at<double>(i, 1) + 0.5), x0 = stats.at<int>(i, cv::CC_STAT_LEFT);
        int ramp = 0;
        for (int x = x0; x < x0 + stats.at<int>(i, cv::CC_STAT_WIDTH) / 2; ++x) {
            const float a = s.alpha.at<float>(y, x);
            if (a > 0.02f && a < 0.98f) ++ramp;
        }
        EXPECT_GE(ramp, 2) << "pearl " << i;
        EXPECT_LE(ramp, 5) << "pearl " << i;
        ++measured;
    }
    EXPECT_GT(measured, 8);
}

TEST(SceneTruth, ThinWiresAreOneToEightPixelsWide) {
    for (Piece p : {Piece::CableChain, Piece::CubanChain, Piece::Filigree, Piece::TennisBracelet,
                    Piece::ChandelierEarring}) {
        SCOPED_TRACE(pieceName(p));
        const Scene& s = defaultScene(p);
        cv::Mat wire = (s.regions == kThinWire) & (s.alpha > 0.5f), dist;
        ASSERT_GT(cv::countNonZero(wire), 100);
        cv::distanceTransform(wire, dist, cv::DIST_L2, 5);
        // Half-widths: the 99th percentile of the inscribed radius (crossings are wider).
        std::vector<float> r;
        for (int y = 0; y < dist.rows; ++y)
            for (int x = 0; x < dist.cols; ++x)
                if (wire.at<uint8_t>(y, x)) r.push_back(dist.at<float>(y, x));
        std::sort(r.begin(), r.end());
        EXPECT_LE(r[size_t(r.size() * 0.99)], 4.6f);
    }
    // thinWireScale thins them: a 0.3 scale cable chain is mostly sub-2-px wire.
    SceneOptions o;
    o.piece = Piece::CableChain;
    o.seed = 3;
    o.thinWireScale = 0.3;
    const Scene thin = renderScene(o);
    const Scene& normal = defaultScene(Piece::CableChain);
    const double thinMass = cv::sum(thin.alpha)[0], normalMass = cv::sum(normal.alpha)[0];
    EXPECT_LT(thinMass, 0.5 * normalMass);
    const cv::Mat partial = (thin.alpha > 0.02f) & (thin.alpha < 0.98f);
    EXPECT_GT(cv::countNonZero(partial), cv::countNonZero(thin.alpha >= 0.98f));
}

TEST(SceneTruth, DualCaptureFollowsTheTriangulationEquations) {
    for (double k : {1.0, 0.4}) {
        SCOPED_TRACE(k);
        SceneOptions o;
        o.piece = Piece::SolitaireRing;
        o.seed = 4;
        o.backlit = true;
        o.frontLightInBacklit = k;
        o.plateShift = {0, 0};
        o.plateExposureDrift = 1;
        o.plateFrames = 1000000;
        const Scene s = renderScene(o);
        ASSERT_FALSE(s.backlitShot.empty());
        ASSERT_FALSE(s.backlitPlate.empty());
        const cv::Mat B = s.plate;                       // noise-free empty set (front light)
        const cv::Mat L = s.backlitPlate - k * s.plate;  // the backlight alone
        // C2 = k*aT*F_T + (1 - aT)*(L + k*B) + spill
        const cv::Mat lit = L + k * B;
        cv::Mat expected = facet::test::composite(s.alphaTransmit, k * s.foregroundTransmit, lit) + s.backlitRimSpill;
        const cv::Mat sigma = facet::test::noiseStd(expected, o);
        const cv::Mat all(B.size(), CV_8UC1, cv::Scalar(255));
        const auto r = facet::test::normalisedResidual(s.backlitShot, expected, sigma, all);
        EXPECT_NEAR(r.mean, 0.0, 0.02);
        EXPECT_NEAR(r.std, 1.0, 0.03);
        // Metal blocks the backlight: deep inside the band C2 = k*C1 (+ noise).
        cv::Mat solid;
        cv::erode(s.alpha >= 0.999f, solid, cv::getStructuringElement(cv::MORPH_ELLIPSE, {9, 9}));
        solid &= (s.regions == kMetal) | (s.regions == kMetalReflection);
        ASSERT_GT(cv::countNonZero(solid), 100);
        EXPECT_NEAR(cv::mean(s.backlitShot, solid)[1], k * cv::mean(s.shot, solid)[1], 0.01);
        // Stones pass it: C2 - k*C1 = (1 - aT)*L inside the girdle.
        cv::Mat stone;
        cv::erode(s.regions == kStone, stone, cv::getStructuringElement(cv::MORPH_ELLIPSE, {7, 7}));
        cv::Mat through = s.backlitShot - k * s.shot;
        cv::Mat oneMinus = 1.0 - s.alphaTransmit;
        cv::Mat om3;
        cv::Mat ch[] = {oneMinus, oneMinus, oneMinus};
        cv::merge(ch, 3, om3);
        EXPECT_NEAR(cv::mean(through, stone)[1], cv::mean(om3.mul(L), stone)[1], 0.01);
        EXPECT_GT(cv::mean(through, stone)[1], 0.1 * o.backlightLevel);
    }
}

TEST(SceneTruth, RimSpillIsMetalTintedAndOnlyOnMetalRims) {
    const Scene& s = defaultScene(Piece::SolitaireRing);
    ASSERT_FALSE(s.backlitRimSpill.empty());
    cv::Mat spilled;
    cv::cvtColor(s.backlitRimSpill, spilled, cv::COLOR_BGR2GRAY);
    const cv::Mat where = spilled > 1e-6f;
    ASSERT_GT(cv::countNonZero(where), 100);
    EXPECT_EQ(cv::countNonZero(where & ~s.metalMask), 0);
    // Within ~2 px of the silhouette (of an alpha < 0.5 pixel).
    cv::Mat dist;
    cv::distanceTransform(s.alpha >= 0.5f, dist, cv::DIST_L2, 3);
    EXPECT_EQ(cv::countNonZero(where & (dist > 3.0f)), 0);
    // The spill carries the metal's hue, the backlight is neutral: channel ratios differ.
    const cv::Scalar m = cv::mean(s.backlitRimSpill, where), f = cv::mean(s.foreground, where);
    EXPECT_NEAR(m[0] / m[2], f[0] / f[2], 0.35 * (f[0] / f[2]) + 0.05);
}

TEST(SceneTruth, SameSeedSameSceneOtherSeedOtherScene) {
    SceneOptions o;
    o.piece = Piece::Filigree;
    o.size = {512, 340};
    o.seed = 77;
    const Scene a = renderScene(o), b = renderScene(o);
    EXPECT_EQ(cv::norm(a.shot, b.shot, cv::NORM_INF), 0.0);
    EXPECT_EQ(cv::norm(a.plate, b.plate, cv::NORM_INF), 0.0);
    EXPECT_EQ(cv::norm(a.alpha, b.alpha, cv::NORM_INF), 0.0);
    EXPECT_EQ(cv::norm(a.regions, b.regions, cv::NORM_INF), 0.0);
    o.seed = 78;
    const Scene c = renderScene(o);
    EXPECT_GT(cv::norm(a.alpha, c.alpha, cv::NORM_L1), 100.0);
    EXPECT_GT(cv::norm(a.shot, c.shot, cv::NORM_L1), 100.0);
}

TEST(SceneTruth, ANewNoiseSeedKeepsTheSceneAndRedrawsTheNoise) {
    SceneOptions o;
    o.piece = Piece::CableChain;
    o.size = {512, 340};
    o.seed = 5;
    const Scene a = renderScene(o);
    o.noiseSeed = 2;
    const Scene b = renderScene(o);
    EXPECT_EQ(cv::norm(a.alpha, b.alpha, cv::NORM_INF), 0.0);
    EXPECT_EQ(cv::norm(a.background, b.background, cv::NORM_INF), 0.0);
    EXPECT_GT(cv::norm(a.shot, b.shot, cv::NORM_INF), 0.0);
    EXPECT_GT(cv::norm(a.plate, b.plate, cv::NORM_INF), 0.0);
    // Two noise draws of the same scene differ by sqrt(2) times the noise.
    const cv::Mat clean = facet::test::composite(a.alpha, a.foreground, a.background);
    cv::Mat sigma = facet::test::noiseStd(clean, o) * std::sqrt(2.0);
    const cv::Mat all(a.alpha.size(), CV_8UC1, cv::Scalar(255));
    const auto r = facet::test::normalisedResidual(a.shot, b.shot, sigma, all);
    EXPECT_NEAR(r.std, 1.0, 0.03);
}

TEST(SceneTruth, BadOptionsAreRefusedWithTheFieldNamed) {
    SceneOptions o;
    o.supersample = 0;
    try {
        renderScene(o);
        FAIL() << "supersample 0 accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("supersample"), std::string::npos);
    }
    o = SceneOptions{};
    o.size = {10, 10};
    EXPECT_THROW(renderScene(o), std::invalid_argument);
    o = SceneOptions{};
    o.plateFrames = 0;
    EXPECT_THROW(renderScene(o), std::invalid_argument);
    o = SceneOptions{};
    o.frontLightInBacklit = 1.5;
    EXPECT_THROW(renderScene(o), std::invalid_argument);
}
