#include "pipeline/srgb.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace facet {
namespace {

using test::run;
using test::TempDir;

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeFrames(const TempDir& dir, int n, cv::Size size, const std::string& prefix) {
    cv::RNG rng(1);
    for (int i = 0; i < n; ++i) {
        cv::Mat frame(size, CV_8UC3);
        rng.fill(frame, cv::RNG::NORMAL, cv::Scalar::all(40), cv::Scalar::all(2));
        cv::imwrite(dir / (prefix + std::to_string(i) + ".png"), frame);
    }
}

std::string facet(const std::string& args) { return test::facetBinary() + " calibrate " + args; }

TEST(CalibrateCli, PlateRecordsSettingsFromTheProfile) {
    TempDir dir;
    writeFrames(dir, 4, {64, 48}, "f");
    auto r = run(facet("plate " + dir / "f0.png" + " " + dir / "f1.png" + " " + dir / "f2.png" + " " + dir / "f3.png" +
                  " --out " + dir / "plate.json" + " --profile " FACET_SOURCE_DIR
                  "/profiles/black-velvet.toml --camera 'Nikon Z7' --light 'key: strip box left'"));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("clean plate: 4 frames, 64x48"), std::string::npos) << r.output;
    auto j = nlohmann::json::parse(slurp(dir / "plate.json"));
    EXPECT_EQ(j["kind"], "plate");
    EXPECT_EQ(j["settings"]["shutter"], "1/125");
    EXPECT_EQ(j["settings"]["aperture"], "f/11");
    EXPECT_EQ(j["camera"], "Nikon Z7");
    EXPECT_EQ(j["lights"][0], "key: strip box left");
    EXPECT_EQ(j["profile"], "black-velvet");
}

TEST(CalibrateCli, AFrameOfAnotherSizeFailsAndKeepsThePreviousPlate) {
    TempDir dir;
    writeFrames(dir, 3, {64, 48}, "good");
    writeFrames(dir, 1, {80, 48}, "other");
    const std::string good = dir / "good0.png" + " " + dir / "good1.png" + " " + dir / "good2.png";
    ASSERT_EQ(run(facet("plate " + good + " --out " + dir / "plate.json")).exitCode, 0);
    const std::string before = slurp(dir / "plate.json");
    auto r = run(facet("plate " + dir / "good0.png" + " " + dir / "good1.png" + " " + dir / "other0.png" + " --out " +
                       dir / "plate.json"));
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("other0.png is 80x48 but"), std::string::npos) << r.output;
    EXPECT_EQ(slurp(dir / "plate.json"), before);

    auto check = run(facet("check-plate " + dir / "plate.json" + " --shot " + dir / "other0.png"));
    EXPECT_EQ(check.exitCode, 1) << check.output;
    EXPECT_NE(check.output.find("make a new plate"), std::string::npos) << check.output;
    auto stale = run(facet("check-plate " + dir / "plate.json" + " --shot " + dir / "good0.png" + " --since 4102444800"));
    EXPECT_EQ(stale.exitCode, 0) << stale.output;
    EXPECT_NE(stale.output.find("stale: made at"), std::string::npos) << stale.output;
}

TEST(CalibrateCli, ChartNotFoundFailsAndKeepsThePreviousColourCalibration) {
    TempDir dir;
    const std::string previous = "{\"kind\": \"color\", \"files\": {}}\n";
    std::ofstream(dir / "color.json") << previous;
    cv::imwrite(dir / "velvet.png", cv::Mat(300, 400, CV_8UC3, cv::Scalar::all(12)));
    auto r = run(facet("color " + dir / "velvet.png" + " --out " + dir / "color.json"));
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("velvet.png: no colour chart found"), std::string::npos) << r.output;
    EXPECT_EQ(slurp(dir / "color.json"), previous);
}

TEST(CalibrateCli, ScaleFromAChessboard) {
    TempDir dir;
    cv::Mat board(7 * 40 + 120, 10 * 40 + 120, CV_8UC3, cv::Scalar::all(230));
    for (int r = 0; r < 7; ++r)
        for (int c = 0; c < 10; ++c)
            if ((r + c) % 2 == 0) board(cv::Rect(60 + c * 40, 60 + r * 40, 40, 40)).setTo(cv::Scalar::all(10));
    cv::imwrite(dir / "board.png", board);
    auto r = run(facet("scale " + dir / "board.png" + " --chessboard 9x6 --square-mm 5 --out " + dir / "scale.json"));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    auto j = nlohmann::json::parse(slurp(dir / "scale.json"));
    EXPECT_NEAR(j["px_per_mm"].get<double>(), 8.0, 0.03);
    auto wrong = run(facet("scale " + dir / "board.png" + " --chessboard 8x6 --square-mm 5 --out " + dir / "scale.json"));
    EXPECT_EQ(wrong.exitCode, 1) << wrong.output;
    EXPECT_NEAR(nlohmann::json::parse(slurp(dir / "scale.json"))["px_per_mm"].get<double>(), 8.0, 0.03);
    auto usage = run(facet("scale " + dir / "board.png" + " --out " + dir / "scale.json"));
    EXPECT_EQ(usage.exitCode, 2) << usage.output;
}

TEST(CalibrateCli, FlatFromAPlate) {
    TempDir dir;
    writeFrames(dir, 3, {96, 64}, "f");
    ASSERT_EQ(run(facet("plate " + dir / "f0.png" + " " + dir / "f1.png" + " " + dir / "f2.png" + " --out " +
                        dir / "plate.json"))
                  .exitCode,
              0);
    auto r = run(facet("flat --plate " + dir / "plate.json" + " --out " + dir / "flat.json"));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("stops across the frame"), std::string::npos) << r.output;
    auto j = nlohmann::json::parse(slurp(dir / "flat.json"));
    EXPECT_LT(j["evenness_stops"].get<double>(), 0.1);   // evenly lit frames
}

}  // namespace
}  // namespace facet

namespace facet {
namespace {

// An opaque disc on a backlit set, shot with the backlight off and on (front light at 0.4 in the
// backlit frame), and the empty set likewise: 16-bit sRGB PNGs as a camera would leave them.
void writeDualTarget(const TempDir& dir) {
    const cv::Size size(200, 160);
    cv::RNG rng(3);
    cv::Mat set(size, CV_32FC3);
    rng.fill(set, cv::RNG::NORMAL, cv::Scalar::all(0.02), cv::Scalar::all(0.003));
    set = cv::max(set, 0.001);
    const cv::Mat backlight = set * 0.4 + cv::Scalar::all(0.6);
    cv::Mat shot = set.clone(), backlit = backlight.clone();
    cv::Mat disc = cv::Mat::zeros(size, CV_8UC1);
    cv::circle(disc, {100, 80}, 40, 255, -1);
    shot.setTo(cv::Scalar(0.3, 0.35, 0.4), disc);
    backlit.setTo(cv::Scalar(0.12, 0.14, 0.16), disc);
    for (auto [name, image] : {std::pair<std::string, cv::Mat>{"target.png", shot}, {"plate.png", set},
                               {"target-on.png", backlit}, {"plate-on.png", backlight}}) {
        cv::Mat noisy = image.clone(), noise(size, CV_32FC3);
        rng.fill(noise, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(0.001));
        noisy += noise;
        cv::imwrite(dir / name, linearToSrgb(cv::max(noisy, 0.0), CV_16U));
    }
}

}  // namespace

TEST(CalibrateCli, FrontLightIsMeasuredOnAnOpaqueTargetAndSaved) {
    TempDir dir;
    writeDualTarget(dir);
    auto r = run(facet("front-light " + dir / "target.png" + " --plate " + dir / "plate.png" + " --backlit " +
                       dir / "target-on.png" + " --backlit-plate " + dir / "plate-on.png" + " --out " +
                       dir / "front.json"));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("front_light_in_backlit = 0.4"), std::string::npos) << r.output;
    auto j = nlohmann::json::parse(slurp(dir / "front.json"));
    EXPECT_EQ(j["kind"], "front-light");
    EXPECT_NEAR(j["front_light_in_backlit"].get<double>(), 0.4, 0.01);

    // Without the target, a message that says what to shoot, exit 1, and the saved record stays.
    r = run(facet("front-light " + dir / "plate.png" + " --plate " + dir / "plate.png" + " --backlit " +
                  dir / "plate-on.png" + " --backlit-plate " + dir / "plate-on.png" + " --out " + dir / "front.json"));
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("no opaque target found"), std::string::npos) << r.output;
    EXPECT_NEAR(nlohmann::json::parse(slurp(dir / "front.json"))["front_light_in_backlit"].get<double>(), 0.4, 0.01);
}

}  // namespace facet
