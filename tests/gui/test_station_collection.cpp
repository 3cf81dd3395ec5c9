#include "gui/station_collection.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace facet::station;

namespace {

CollectionEntry entry(uint64_t id, cv::Vec3d lab) {
    CollectionEntry e;
    e.captureId = id;
    e.shotPath = "shot-" + std::to_string(id) + ".tif";
    e.backgroundLab = lab;
    return e;
}

}  // namespace

TEST(StationCollection, JudgesAgainstTheFirstAcceptedShot) {
    facet::test::TempDir dir;
    Collection c(dir.path().string(), {3.0, 2.0});
    c.add(entry(1, {5, 0, 0}));
    EXPECT_EQ(c.entries()[0].consistency, Verdict::Ok);
    EXPECT_EQ(c.accept(1), "");
    c.add(entry(2, {5.5, 0.5, 0}));
    EXPECT_EQ(c.entries()[1].consistency, Verdict::Ok);
    c.add(entry(3, {8.5, 0, 0}));  // 3.5 L* lighter: a light got brighter
    EXPECT_EQ(c.entries()[2].consistency, Verdict::Warn);
    EXPECT_NE(c.entries()[2].consistencyMessage.find("lighter"), std::string::npos);
    c.add(entry(4, {5, 8, 0}));    // colour shift only
    EXPECT_EQ(c.entries()[3].consistency, Verdict::Fail);
    EXPECT_NE(c.entries()[3].consistencyMessage.find("colour"), std::string::npos);
}

TEST(StationCollection, StrictModeRejectsAndRefusesInconsistentShots) {
    facet::test::TempDir dir;
    Collection c(dir.path().string(), {3.0, 2.0});
    c.add(entry(1, {5, 0, 0}));
    c.accept(1);
    c.setStrict(true);
    c.add(entry(2, {15, 0, 0}));
    EXPECT_EQ(c.entries()[1].decision, Decision::Rejected);
    EXPECT_NE(c.accept(2).find("strict"), std::string::npos);
    c.setStrict(false);
    EXPECT_EQ(c.accept(2), "");
    EXPECT_EQ(c.entries()[1].decision, Decision::Accepted);
}

TEST(StationCollection, SavesEveryDecision) {
    facet::test::TempDir dir;
    Collection c(dir.path().string());
    c.add(entry(7, {5, 0, 0}));
    c.reject(7);
    c.save();
    std::ifstream f(dir / "collection.json");
    ASSERT_TRUE(f.good());
    const auto j = nlohmann::json::parse(f);
    ASSERT_EQ(j["captures"].size(), 1u);
    EXPECT_EQ(j["captures"][0]["id"], 7);
    EXPECT_EQ(j["captures"][0]["decision"], "rejected");
}

TEST(StationCollection, MeanBackgroundColourIgnoresThePiece) {
    cv::Mat shot(20, 20, CV_32FC3, cv::Scalar(0.01, 0.01, 0.01)), alpha(20, 20, CV_32FC1, cv::Scalar(0));
    shot(cv::Rect(5, 5, 10, 10)).setTo(cv::Scalar(0.8, 0.6, 0.2));
    alpha(cv::Rect(5, 5, 10, 10)).setTo(1.0);
    const cv::Vec3d lab = meanBackgroundLab(shot, alpha);
    EXPECT_NEAR(lab[0], 116 * std::cbrt(0.01) - 16, 0.5);  // L* of linear 0.01 grey
    EXPECT_NEAR(lab[1], 0, 0.5);
    EXPECT_NEAR(lab[2], 0, 0.5);
}
