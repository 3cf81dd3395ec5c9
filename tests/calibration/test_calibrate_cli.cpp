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
