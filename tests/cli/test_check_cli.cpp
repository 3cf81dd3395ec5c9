#include "pipeline/srgb.hpp"
#include "scenes/scene.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <fstream>

using namespace facet;
using facet::test::run;

namespace {

// A rendered scene on disk as a camera would leave it: 16-bit sRGB PNGs, and its true matte.
struct SceneFiles {
    std::string shot, plate, matte;
};

SceneFiles writeScene(const test::TempDir& dir, const std::string& name, scenes::SceneOptions o = {}) {
    const scenes::Scene s = scenes::renderScene(o);
    SceneFiles f{dir / (name + ".png"), dir / (name + "-plate.png"), dir / (name + "-matte.png")};
    cv::imwrite(f.shot, linearToSrgb(s.shot, CV_16U));
    cv::imwrite(f.plate, linearToSrgb(s.plate, CV_16U));
    cv::Mat m;
    s.alpha.convertTo(m, CV_16U, 65535.0);
    cv::imwrite(f.matte, m);
    return f;
}

std::string facetCommand(const std::string& args) { return test::facetBinary() + " " + args; }

nlohmann::json parse(const test::RunResult& r) {
    const auto start = r.output.find('{');
    if (start == std::string::npos) return {};
    return nlohmann::json::parse(r.output.substr(start), nullptr, false);
}

}  // namespace

TEST(CheckCli, JsonHasEveryCheckWithScoreVerdictAndMessage) {
    test::TempDir dir;
    scenes::SceneOptions o;
    o.piece = scenes::Piece::SolitaireRing;
    o.sideSpill = 2.0;
    const SceneFiles f = writeScene(dir, "ring", o);
    const auto r = run(facetCommand("check " + f.shot + " --matte " + f.matte + " --json"));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const nlohmann::json j = parse(r);
    ASSERT_TRUE(j.is_object()) << r.output;
    for (const char* key : {"focus", "exposure", "edge_contrast", "resolution", "background"}) {
        ASSERT_TRUE(j.contains(key)) << key;
        EXPECT_TRUE(j[key]["score"].is_number()) << key;
        const std::string verdict = j[key]["verdict"];
        EXPECT_TRUE(verdict == "ok" || verdict == "warn" || verdict == "fail") << key;
        EXPECT_FALSE(j[key]["message"].get<std::string>().empty()) << key;
    }
    // The spill on the left shows as weak segments there, with their place in the frame.
    const auto& weak = j["edge_contrast"]["weak_segments"];
    ASSERT_TRUE(weak.is_array());
    ASSERT_FALSE(weak.empty()) << j["edge_contrast"].dump(2);
    bool spillOnLeft = false;
    for (const auto& s : weak) {
        EXPECT_TRUE(s.contains("side"));
        EXPECT_GT(s["bbox"]["width"].get<int>(), 0);
        EXPECT_LE(s["bbox"]["x"].get<int>() + s["bbox"]["width"].get<int>(), 1024 + 1);
        if (s.value("cause", "") == "spill") spillOnLeft |= s["side"].get<std::string>().find("left") != std::string::npos;
    }
    EXPECT_TRUE(spillOnLeft) << weak.dump(2);
}

TEST(CheckCli, TextReportWithTheCutoutsOwnMatte) {
    test::TempDir dir;
    const SceneFiles f = writeScene(dir, "chain");
    const auto r = run(facetCommand("check " + f.shot + " --plate " + f.plate));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    for (const char* word : {"focus", "exposure", "edge contrast", "resolution", "background", "overall:"})
        EXPECT_NE(r.output.find(word), std::string::npos) << word << "\n" << r.output;
}

TEST(CheckCli, ReferenceCreateThenFramesAreHeldToIt) {
    test::TempDir dir;
    const SceneFiles base = writeScene(dir, "base");
    const std::string ref = dir / "collection.json";
    auto r = run(facetCommand("reference create " + base.plate + " -o " + ref + " --name rings"));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    ASSERT_TRUE(std::filesystem::exists(ref));
    r = run(facetCommand("reference show " + ref));
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("evenness"), std::string::npos);

    r = run(facetCommand("check " + base.shot + " --matte " + base.matte + " --reference " + ref + " --strict --json"));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    nlohmann::json j = parse(r);
    EXPECT_TRUE(j["background"]["compared"].get<bool>());
    EXPECT_EQ(j["background"]["verdict"], "ok") << j["background"].dump(2);
    EXPECT_FALSE(j["non_conforming"].get<bool>());

    scenes::SceneOptions o;
    o.backgroundLevel = 1.4;
    const SceneFiles brighter = writeScene(dir, "brighter", o);
    r = run(facetCommand("check " + brighter.shot + " --matte " + brighter.matte + " --reference " + ref + " --strict --json"));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    j = parse(r);
    EXPECT_NE(j["background"]["verdict"], "ok");
    EXPECT_NE(j["background"]["message"].get<std::string>().find("brighter than the collection"), std::string::npos);
    EXPECT_TRUE(j["non_conforming"].get<bool>());
}

TEST(CheckCli, BadInputGivesAClearErrorAndNonZeroExit) {
    test::TempDir dir;
    const SceneFiles f = writeScene(dir, "ring");
    // Unreadable frame.
    const std::string garbage = dir / "garbage.png";
    std::ofstream(garbage) << "not an image";
    auto r = run(facetCommand("check " + garbage + " --matte " + f.matte));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("garbage.png"), std::string::npos) << r.output;
    r = run(facetCommand("check " + (dir / "missing.png")));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("missing.png"), std::string::npos) << r.output;

    // A reference made from frames of another size.
    scenes::SceneOptions small;
    small.size = {640, 424};
    const SceneFiles other = writeScene(dir, "small", small);
    const std::string ref = dir / "small-ref.json";
    ASSERT_EQ(run(facetCommand("reference create " + other.plate + " -o " + ref)).exitCode, 0);
    r = run(facetCommand("check " + f.shot + " --matte " + f.matte + " --reference " + ref));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("640x424"), std::string::npos) << r.output;

    // A corrupt reference file.
    const std::string corrupt = dir / "corrupt.json";
    std::ofstream(corrupt) << "{\"kind\": \"facet-collection-reference\", \"version\": 1, \"frames\": ";
    r = run(facetCommand("check " + f.shot + " --matte " + f.matte + " --reference " + corrupt));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("corrupt.json"), std::string::npos) << r.output;

    // A matte of the wrong size; a reference from frames of mixed sizes; a typo in an option.
    r = run(facetCommand("check " + f.shot + " --matte " + other.matte));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("small-matte.png"), std::string::npos) << r.output;
    r = run(facetCommand("reference create " + f.plate + " " + other.plate + " -o " + (dir / "mixed.json")));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_FALSE(std::filesystem::exists(dir / "mixed.json"));
    EXPECT_EQ(run(facetCommand("check " + f.shot + " --refrence " + ref)).exitCode, 2);
}
