// `facet cameras`, `facet shoot` and `facet tether` end to end: the simulated studio camera, and
// the real libgphoto2 against facet-ptpip-sim.
#include "ptpip_simulator.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace fs = std::filesystem;
using facet::test::run;

namespace {

std::string facetCmd() { return facet::test::facetBinary(); }

size_t countWithExtension(const fs::path& dir, const std::string& ext) {
    size_t n = 0;
    if (!fs::is_directory(dir)) return 0;
    for (const auto& e : fs::directory_iterator(dir)) n += e.path().extension() == ext;
    return n;
}

std::string readText(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST(ShootCommand, SimulatedCameraCapturesKeepsAndCutsOut) {
    facet::test::TempDir dir;
    const std::string col = dir / "spring";
    auto r = run(facetCmd() + " shoot --camera sim --sim-size 600x400 --profile black-velvet --collection " + col +
                 " --count 2 --sku R1042 --set image-format=RAW+JPEG");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_TRUE(fs::exists(col + "/spring_R1042_0001.jpg"));
    EXPECT_TRUE(fs::exists(col + "/spring_R1042_0001.tif"));
    EXPECT_TRUE(fs::exists(col + "/spring_R1042_0002.jpg"));
    EXPECT_EQ(countWithExtension(col + "/cutouts", ".png"), 2u) << "one cutout per capture, pair or not";
    cv::Mat cut = cv::imread(col + "/cutouts/spring_R1042_0001.png", cv::IMREAD_UNCHANGED);
    EXPECT_EQ(cut.channels(), 4);
    EXPECT_EQ(cut.size(), cv::Size(600, 400));
    std::string journal = readText(col + "/capture-journal.tsv");
    EXPECT_NE(journal.find("captured\t2\tspring_R1042_0002.jpg"), std::string::npos) << journal;
    EXPECT_NE(journal.find("processed\t2"), std::string::npos) << journal;

    // A second session in the same folder continues the numbering.
    r = run(facetCmd() + " shoot --camera sim --sim-size 600x400 --profile black-velvet --collection " + col +
            " --sku R1042 --no-cutout");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_TRUE(fs::exists(col + "/spring_R1042_0003.jpg")) << r.output;
}

TEST(ShootCommand, FinishesWhatAnEarlierRunLeftUnprocessed) {
    facet::test::TempDir dir;
    const std::string col = dir / "c";
    auto r = run(facetCmd() + " shoot --camera sim --sim-size 600x400 --profile black-velvet --collection " + col + " --no-cutout");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_EQ(countWithExtension(col + "/cutouts", ".png"), 0u);
    r = run(facetCmd() + " shoot --camera sim --sim-size 600x400 --profile black-velvet --collection " + col);
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("finishing 1 capture(s)"), std::string::npos) << r.output;
    EXPECT_EQ(countWithExtension(col + "/cutouts", ".png"), 2u);
}

TEST(ShootCommand, ExplainsBadInput) {
    facet::test::TempDir dir;
    auto r = run(facetCmd() + " shoot --camera sim --collection " + (dir / "c"));
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.output.find("--profile"), std::string::npos) << r.output;
    r = run(facetCmd() + " shoot --camera sim --profile black-velvet --collection " + (dir / "c") + " --set iso=123");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("offers"), std::string::npos) << r.output;
    r = run(facetCmd() + " shoot --camera sim --profile black-velvet --collection " + (dir / "c") + " --template '{seq'");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("never closed"), std::string::npos) << r.output;
}

TEST(ShootCommand, RealLibgphoto2OverPtpIp) {
    facet::test::IsolatedHome home;
    cv::Mat still(300, 450, CV_8UC3, cv::Scalar(8, 8, 9));
    cv::circle(still, {225, 150}, 70, cv::Scalar(60, 170, 220), 14, cv::LINE_AA);
    const std::string stillPath = home.dir() / "still.jpg";
    cv::imwrite(stillPath, still);
    facet::test::PtpIpSimulator sim({"--image", stillPath});
    const std::string col = home.dir() / "col";
    auto r = run("HOME=" + home.dir().path().string() + " " + facetCmd() + " shoot --port " + sim.gphotoPort() +
                 " --profile black-velvet --collection " + col + " --sku S1");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("PTP/IP Camera"), std::string::npos) << r.output;
    EXPECT_EQ(readText(col + "/col_S1_0001.jpg"), readText(stillPath));
    EXPECT_EQ(countWithExtension(col + "/cutouts", ".png"), 1u);
}

TEST(ShootCommand, AFullCardIsReportedAndNothingIsSaved) {
    facet::test::IsolatedHome home;
    facet::test::PtpIpSimulator sim({"--fault", "store-full", "--sessions", "3"});
    const std::string col = home.dir() / "col";
    auto r = run("HOME=" + home.dir().path().string() + " " + facetCmd() + " shoot --port " + sim.gphotoPort() +
                 " --profile black-velvet --collection " + col);
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("full"), std::string::npos) << r.output;
    EXPECT_EQ(countWithExtension(col, ".jpg"), 0u);
}

TEST(TetherCommand, ImportsShotsFromTheSimulatedBody) {
    facet::test::TempDir dir;
    const std::string col = dir / "t";
    auto r = run(facetCmd() + " tether --camera sim --sim-size 600x400 --sim-interval-ms 100 --count 2 --seconds 30 "
                           "--collection " + col);
    ASSERT_EQ(r.exitCode, 0) << r.output;
    // The simulated photographer keeps pressing; the watch ends after the two asked for.
    EXPECT_EQ(countWithExtension(col, ".jpg"), 2u) << r.output;
    EXPECT_EQ(countWithExtension(col + "/cutouts", ".png"), countWithExtension(col, ".jpg")) << r.output;
}

TEST(TetherCommand, ImportsAShotFromABodyOverPtpIp) {
    facet::test::IsolatedHome home;
    facet::test::PtpIpSimulator sim;
    sim.pressBodyShutter();  // the photographer shoots; the frame waits on the card
    const std::string col = home.dir() / "t";
    auto r = run("HOME=" + home.dir().path().string() + " " + facetCmd() + " tether --port " + sim.gphotoPort() +
                 " --count 1 --seconds 15 --no-cutout --collection " + col);
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_EQ(countWithExtension(col, ".jpg"), 1u) << r.output;
}

TEST(CamerasCommand, ListsTheSimulatedCameraAndProbesAPort) {
    facet::test::IsolatedHome home;
    facet::test::PtpIpSimulator sim;
    auto r = run("HOME=" + home.dir().path().string() + " " + facetCmd() + " cameras --settings --port " + sim.gphotoPort());
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("Simulated studio camera"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("PTP/IP Camera\t" + sim.gphotoPort() + "\tready"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("iso = 100"), std::string::npos) << r.output;
    auto nothing = run("HOME=" + home.dir().path().string() + " " + facetCmd() + " cameras --port ptpip:127.0.0.1:1:1");
    EXPECT_EQ(nothing.exitCode, 1) << nothing.output;
    EXPECT_NE(nothing.output.find("cannot open"), std::string::npos) << nothing.output;
}
