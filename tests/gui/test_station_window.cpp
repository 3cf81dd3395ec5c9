// The real station window on the simulated camera, driven by a script: screenshots are checked
// for what the photographer must see (the live image, the matte tint, a spill warning in the
// checks panel, the cutout inspector). Needs a display: the README's test command runs ctest
// under xvfb-run; without DISPLAY the test skips and says so.
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cstdlib>
#include <fstream>

using nlohmann::json;

namespace {

json readJson(const std::string& path) {
    std::ifstream f(path);
    if (!f) return nullptr;
    return json::parse(f);
}

cv::Rect rectOf(const json& r) {
    return cv::Rect(int(r["x"].get<double>()), int(r["y"].get<double>()), int(r["w"].get<double>()),
                    int(r["h"].get<double>()));
}

// Pixels of `colour` (RGB, within `tolerance` per channel) in a region of a BGR screenshot.
int countColour(const cv::Mat& bgr, cv::Rect region, cv::Vec3b rgb, int tolerance) {
    region &= cv::Rect(0, 0, bgr.cols, bgr.rows);
    int n = 0;
    for (int y = region.y; y < region.br().y; ++y)
        for (int x = region.x; x < region.br().x; ++x) {
            const cv::Vec3b p = bgr.at<cv::Vec3b>(y, x);
            if (std::abs(p[2] - rgb[0]) <= tolerance && std::abs(p[1] - rgb[1]) <= tolerance &&
                std::abs(p[0] - rgb[2]) <= tolerance)
                ++n;
        }
    return n;
}

}  // namespace

TEST(StationWindow, ScriptedSessionShowsLiveViewOverlaysWarningsAndCutout) {
    if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no DISPLAY: run the tests under xvfb-run (scripts/test.sh does)";
    facet::test::TempDir dir;
    const std::string script = dir / "session.txt";
    {
        std::ofstream f(script);
        f << "wait-live\n"
             "overlay matte on\n"
             "screenshot " << dir / "live.png" << "\n"
             "overlay matte off\n"
             "simulate spill left 1.5\n"
             "wait-check fail left\n"
             "wait-frames 2\n"
             "screenshot " << dir / "spill.png" << "\n"
             "simulate spill off\n"
             "simulate remove piece\n"
             "wait-frames 20\n"
             "plate\n"
             "wait-plate\n"
             "simulate place piece\n"
             "wait-frames 20\n"
             "capture\n"
             "wait-cutout\n"
             "inspect\n"
             "zoom 400\n"
             "region 1\n"
             "screenshot " << dir / "inspect.png" << "\n"
             "quit\n";
    }
    const auto r = facet::test::run(facet::test::facetBinary() + " station --camera sim --sim-capture-size 1024x680 --collection " +
                                    (dir / "collection") + " --script " + script);
    if (r.exitCode != 0 && r.output.find("no live view: no camera") != std::string::npos)
        GTEST_SKIP() << "this build has no simulated camera yet: " << r.output;
    const json first = readJson(dir / "live.png.json");
    ASSERT_EQ(r.exitCode, 0) << r.output;

    // 1. The live image fills the live area (not a flat colour), and the matte tint is on it.
    const cv::Mat live = cv::imread(dir / "live.png");
    ASSERT_FALSE(live.empty());
    const cv::Rect area = rectOf(first["layout"]["live_area"]);
    cv::Scalar mean, stddev;
    cv::meanStdDev(live(area), mean, stddev);
    EXPECT_GT(stddev[0] + stddev[1] + stddev[2], 15) << "the live area looks uniform";
    EXPECT_TRUE(first["live"]["live_image_on_screen"].get<bool>());
    int magenta = 0;
    for (int y = area.y; y < area.br().y; ++y)
        for (int x = area.x; x < area.br().x; ++x) {
            const cv::Vec3b p = live.at<cv::Vec3b>(y, x);
            if (p[2] > p[1] + 60 && p[0] > p[1] + 30) ++magenta;
        }
    EXPECT_GT(magenta, 200) << "no matte tint in the live view";

    // 2. Spill light on the left: a check warns and says where, in words and in the checks panel's colours.
    const json spill = readJson(dir / "spill.png.json");
    const json& before = first["live"]["checks"];
    const json& after = spill["live"]["checks"];
    ASSERT_EQ(before.size(), after.size());
    bool named = false;
    for (size_t i = 0; i < after.size(); ++i)
        if (after[i]["verdict"] == "fail" && before[i]["verdict"] != "fail" &&
            after[i]["message"].get<std::string>().find("left") != std::string::npos)
            named = true;
    EXPECT_TRUE(named) << "before:\n" << before.dump(2) << "\nafter:\n" << after.dump(2);
    const cv::Mat spillShot = cv::imread(dir / "spill.png");
    const cv::Rect panel = rectOf(spill["layout"]["checks_panel"]);
    const int warnPixels = countColour(spillShot, panel, {240, 175, 30}, 12) + countColour(spillShot, panel, {230, 60, 50}, 12);
    EXPECT_GT(warnPixels, 50) << "no warning badge in the checks panel";

    // 3. After plate + capture the inspector shows the cutout at 400 % on a review region.
    const json inspect = readJson(dir / "inspect.png.json");
    EXPECT_EQ(inspect["view"], "inspector");
    ASSERT_FALSE(inspect["cutout"].is_null());
    EXPECT_EQ(inspect["cutout"]["error"], "");
    EXPECT_EQ(inspect["inspector"]["zoom_percent"], 400.0);
    ASSERT_EQ(inspect["collection"].size(), 1u);
    const cv::Mat inspectShot = cv::imread(dir / "inspect.png");
    cv::meanStdDev(inspectShot(rectOf(inspect["layout"]["live_area"])), mean, stddev);
    EXPECT_GT(stddev[0] + stddev[1] + stddev[2], 15) << "the inspector area looks uniform";
}

TEST(StationWindow, BadScriptIsRefusedBeforeAnyWindowOpens) {
    facet::test::TempDir dir;
    const std::string script = dir / "bad.txt";
    std::ofstream(script) << "capture\nzoom loads\n";
    const auto r = facet::test::run(facet::test::facetBinary() + " station --script " + script);
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("bad.txt:2"), std::string::npos) << r.output;
}
