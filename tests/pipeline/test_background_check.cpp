#include "check_scenes.hpp"
#include "pipeline/checks/background_check.hpp"
#include "pipeline/checks/colour_difference.hpp"

#include <gtest/gtest.h>

using namespace facet;
using namespace facet::checks;
using scenes::Piece;

namespace {

BackgroundStats velvetOf(scenes::SceneOptions o, Piece piece = Piece::SolitaireRing) {
    return measureBackground(test::checkInput(test::renderPiece(piece, o)));
}

bool has(const BackgroundResult& r, const std::string& what) {
    for (const auto& f : r.findings)
        if (f.what == what) return true;
    return false;
}

}  // namespace

TEST(ColourDifference, Ciede2000MatchesSharmasTestData) {
    // Sharma, Wu & Dalal (2005), pairs 1, 7, 13, 19 and 25.
    EXPECT_NEAR(deltaE2000({50, 2.6772, -79.7751}, {50, 0, -82.7485}), 2.0425, 1e-4);
    EXPECT_NEAR(deltaE2000({50, 0, 0}, {50, -1, 2}), 2.3669, 1e-4);
    EXPECT_NEAR(deltaE2000({50, 2.49, -0.001}, {50, -2.49, 0.0009}), 7.1792, 1e-4);
    EXPECT_NEAR(deltaE2000({50, 2.5, 0}, {73, 25, -18}), 27.1492, 1e-4);
    EXPECT_NEAR(deltaE2000({60.2574, -34.0099, 36.2677}, {60.4626, -34.1751, 39.4387}), 1.2644, 1e-4);
    const cv::Vec3d white = linearBgrToLab({1, 1, 1});
    EXPECT_NEAR(white[0], 100, 1e-3);
    EXPECT_NEAR(white[1], 0, 1e-2);
    EXPECT_NEAR(white[2], 0, 1e-2);
}

TEST(BackgroundCheck, SameSetMatchesTheCollection) {
    const BackgroundStats ref = velvetOf({});
    // The next piece of the collection on the same set: other parts of the velvet are covered.
    const BackgroundResult r = compareBackground(velvetOf({}, Piece::PearlStrand), &ref, nullptr, {});
    EXPECT_TRUE(r.compared);
    EXPECT_EQ(r.verdict, Verdict::Ok) << r.message;
    EXPECT_LT(std::abs(r.lightnessDriftPercent), 8);
    EXPECT_LT(r.deltaE2000, 1.5);
    EXPECT_FALSE(r.nonConforming);
}

TEST(BackgroundCheck, LightnessDriftIsWarnedWithWhatChanged) {
    const BackgroundStats ref = velvetOf({});
    scenes::SceneOptions o;
    o.backgroundLevel = 1.35;
    const BackgroundResult brighter = compareBackground(velvetOf(o), &ref, nullptr, {}, true);
    EXPECT_NEAR(brighter.lightnessDriftPercent, 35, 6);
    EXPECT_NE(brighter.verdict, Verdict::Ok);
    EXPECT_NE(brighter.message.find("% brighter than the collection"), std::string::npos) << brighter.message;
    EXPECT_TRUE(brighter.nonConforming) << "a strict collection marks it";
    EXPECT_FALSE(has(brighter, "colour")) << "only the lightness changed: " << brighter.message;
    o.backgroundLevel = 0.7;
    const BackgroundResult darker = compareBackground(velvetOf(o), &ref, nullptr, {});
    EXPECT_NE(darker.message.find("% darker"), std::string::npos) << darker.message;
    EXPECT_FALSE(darker.nonConforming) << "not a strict collection";
}

TEST(BackgroundCheck, HueDriftIsWarnedWithItsDirection) {
    const BackgroundStats ref = velvetOf({});
    scenes::SceneOptions o;
    o.backgroundTint = cv::Scalar(0.8, 1.0, 1.2);  // warmer velvet
    const BackgroundResult r = compareBackground(velvetOf(o), &ref, nullptr, {});
    ASSERT_TRUE(has(r, "colour")) << r.message;
    EXPECT_GT(r.chromaShiftPercent, 12);
    EXPECT_TRUE(r.hueShift == "red" || r.hueShift == "orange" || r.hueShift == "yellow") << r.hueShift;
    EXPECT_NE(r.message.find("ΔE2000"), std::string::npos);
}

TEST(BackgroundCheck, SpillChangesTheEvenness) {
    const BackgroundStats ref = velvetOf({});
    scenes::SceneOptions o;
    o.sideSpill = 1.0;
    const BackgroundResult r = compareBackground(velvetOf(o), &ref, nullptr, {});
    ASSERT_TRUE(has(r, "evenness")) << r.message;
    EXPECT_NE(r.evennessSide.find("left"), std::string::npos) << r.evennessSide;
    EXPECT_GT(r.evennessChangePercent, 20);
}

TEST(BackgroundCheck, ComparedWithThePlateTheMatteUses) {
    // The scene's plate is 3 % brighter than the shot: fine. A plate from before a light was
    // turned up is not.
    const scenes::Scene s = test::renderPiece(Piece::SolitaireRing);
    CheckInput in = test::checkInput(s);
    in.plate = s.plate;
    CheckFrame frame;
    frame.prepare(in);
    BackgroundMeter meter;
    const BackgroundStats now = meter.measure(frame);
    const BackgroundStats plate = meter.measurePlate(frame);
    const BackgroundResult ok = compareBackground(now, nullptr, &plate, {});
    EXPECT_TRUE(ok.plateCompared);
    EXPECT_NEAR(ok.plateDriftPercent, -3, 3);
    EXPECT_EQ(ok.verdict, Verdict::Ok) << ok.message;
    in.plate = s.plate * 0.6;
    frame.prepare(in);
    meter.measure(frame);
    const BackgroundResult stale = compareBackground(now, nullptr, &meter.measurePlate(frame), {});
    EXPECT_TRUE(has(stale, "plate")) << stale.message;
    EXPECT_NE(stale.message.find("new plate"), std::string::npos);
}
