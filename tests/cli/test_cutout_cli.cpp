// End-to-end runs of `facet cutout` on files: outputs, report, and bad input.
#include "pipeline/srgb.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <fstream>

using namespace facet;
namespace fs = std::filesystem;

namespace {

// A small piece on velvet and its plate, written as 16-bit PNGs.
void writeShotAndPlate(const test::TempDir& dir) {
    cv::RNG rng(3);
    cv::Mat plate(240, 320, CV_32FC3);
    rng.fill(plate, cv::RNG::NORMAL, cv::Scalar::all(0.012), cv::Scalar::all(0.003));
    cv::Mat shot = plate.clone();
    cv::circle(shot, {160, 120}, 60, cv::Scalar(0.25, 0.5, 0.65), 14, cv::LINE_AA);
    cv::imwrite(dir / "plate.png", linearToSrgb(plate, CV_16U));
    cv::imwrite(dir / "shot.png", linearToSrgb(shot, CV_16U));
}

std::string facetCmd(const std::string& args) { return test::facetBinary() + " " + args; }

size_t filesIn(const fs::path& p) { return std::distance(fs::directory_iterator(p), fs::directory_iterator()); }

}  // namespace

TEST(CutoutCli, WritesTheCutoutAlphaAndReport) {
    test::TempDir dir;
    writeShotAndPlate(dir);
    auto r = test::run(facetCmd("cutout " + (dir / "shot.png") + " --plate " + (dir / "plate.png") + " -o " +
                             (dir / "out.tif") + " --alpha " + (dir / "alpha.png") + " --report " +
                             (dir / "report.json")));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    cv::Mat out = cv::imread(dir / "out.tif", cv::IMREAD_UNCHANGED);
    ASSERT_EQ(out.type(), CV_16UC4);
    EXPECT_EQ(out.size(), cv::Size(320, 240));
    EXPECT_EQ((out.at<cv::Vec<uint16_t, 4>>(120, 160)[3]), 0);       // the ring's hole
    EXPECT_EQ((out.at<cv::Vec<uint16_t, 4>>(120, 160 + 60)[3]), 65535);  // on the ring
    std::ifstream in(dir / "report.json");
    nlohmann::json j = nlohmann::json::parse(in);
    EXPECT_EQ(j["method"], "clean-plate");
    EXPECT_GT(j["coverage"].get<double>(), 0.05);
    EXPECT_TRUE(j["timings_ms"].contains("cutout"));
}

TEST(CutoutCli, MissingPlateFileIsAClearErrorAndWritesNothing) {
    test::TempDir dir;
    writeShotAndPlate(dir);
    auto r = test::run(facetCmd("cutout " + (dir / "shot.png") + " --plate " + (dir / "nope.png") + " -o " +
                             (dir / "out.png")));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("nope.png: file not found"), std::string::npos) << r.output;
    EXPECT_EQ(filesIn(dir.path()), 2u);
}

TEST(CutoutCli, PlateOfAnotherSizeIsRefusedNamingBothFiles) {
    test::TempDir dir;
    writeShotAndPlate(dir);
    cv::imwrite(dir / "small.png", cv::Mat(100, 100, CV_16UC3, cv::Scalar::all(900)));
    auto r = test::run(facetCmd("cutout " + (dir / "shot.png") + " --plate " + (dir / "small.png") + " -o " +
                             (dir / "out.png")));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("100x100"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("320x240"), std::string::npos) << r.output;
    EXPECT_EQ(filesIn(dir.path()), 3u);
}

// A product shot on a white sweep is no input for a cutout that tells the piece from a dark set
// by the light it adds: a clear message, exit 1, no file (it used to write a blob, exit 0).
TEST(CutoutCli, AShotOnALightSetIsRefusedSayingWhatToDo) {
    test::TempDir dir;
    cv::Mat white(240, 320, CV_32FC3, cv::Scalar::all(0.85));
    cv::circle(white, {160, 120}, 60, cv::Scalar(0.25, 0.5, 0.65), 14, cv::LINE_AA);
    cv::imwrite(dir / "white.jpg", linearToSrgb(white, CV_8U));
    auto r = test::run(facetCmd("cutout " + (dir / "white.jpg") + " -o " + (dir / "out.png")));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("white.jpg: the set behind the piece is light"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("black velvet or dark acrylic"), std::string::npos) << r.output;
    EXPECT_EQ(filesIn(dir.path()), 1u);
}

TEST(CutoutCli, PlateOfAnotherBitDepthIsRefused) {
    test::TempDir dir;
    writeShotAndPlate(dir);
    cv::imwrite(dir / "plate8.png", cv::Mat(240, 320, CV_8UC3, cv::Scalar::all(20)));
    auto r = test::run(facetCmd("cutout " + (dir / "shot.png") + " --plate " + (dir / "plate8.png") + " -o " +
                             (dir / "out.png")));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("8-bit"), std::string::npos) << r.output;
}

TEST(CutoutCli, CorruptShotIsAClearError) {
    test::TempDir dir;
    std::ofstream(dir / "shot.jpg") << "\xFF\xD8\xFF garbage";
    auto r = test::run(facetCmd("cutout " + (dir / "shot.jpg") + " -o " + (dir / "out.png")));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("corrupt"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(dir / "out.png"));
}

TEST(CutoutCli, DamagedLzwTiffShotIsAClearErrorNamingIt) {
    test::TempDir dir;
    writeShotAndPlate(dir);
    // As OpenCV writes it (LZW, horizontal predictor, a row a strip), with garbage over the
    // middle rows; the directory at the end stays intact.
    cv::imwrite(dir / "shot.tif", cv::imread(dir / "shot.png", cv::IMREAD_UNCHANGED));
    std::fstream f(dir / "shot.tif", std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(std::streamoff(fs::file_size(dir / "shot.tif") / 2));
    const std::string garbage(2000, char(0xFF));
    f.write(garbage.data(), std::streamsize(garbage.size()));
    f.close();
    auto r = test::run(facetCmd("cutout " + (dir / "shot.tif") + " --plate " + (dir / "plate.png") + " -o " +
                             (dir / "out.png")));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find(dir / "shot.tif"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("corrupt"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(dir / "out.png"));
}

TEST(CutoutCli, UnwritableOutputFolderIsAClearError) {
    test::TempDir dir;
    writeShotAndPlate(dir);
    auto r = test::run(facetCmd("cutout " + (dir / "shot.png") + " -o " + (dir / "missing/out.png")));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("does not exist"), std::string::npos) << r.output;
}

TEST(CutoutCli, WrongOptionsAreUsageErrors) {
    test::TempDir dir;
    writeShotAndPlate(dir);
    auto r = test::run(facetCmd("cutout " + (dir / "shot.png") + " -o " + (dir / "o.png") + " --stones sparkle"));
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.output.find("--stones must be"), std::string::npos);
    r = test::run(facetCmd("cutout " + (dir / "shot.png") + " -o " + (dir / "o.png") + " --backlit x.png"));
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_EQ(filesIn(dir.path()), 2u);
}

// Real product photos of rings whose set was clipped to pure black (JPEGs): no noise to measure,
// so the matte's noise floor is the file's quantisation. Without it every compression ripple
// beside a ring was "not the background" and the ring came out as a fat blob: 5-19 % of the
// pure black pixels opaque.
TEST(CutoutCli, ARealRingOnPureBlackKeepsTheBlackOut) {
    if (!test::haveSharedData()) GTEST_SKIP() << "no ../shared/data beside the project";
    test::TempDir dir;
    for (const char* name : {"image_before_mask__ring1.jpg", "image_before_mask__ring5.jpg"}) {
        const fs::path photo = test::sharedData() / "jewelry" / "sam_lora" / name;
        if (!fs::exists(photo)) GTEST_SKIP() << photo << " is missing";
        const std::string out = dir / (std::string(name) + ".png");
        const auto r = test::run(test::facetBinary() + " cutout " + photo.string() + " -o " + out);
        ASSERT_EQ(r.exitCode, 0) << r.output;
        const cv::Mat shot = cv::imread(photo.string(), cv::IMREAD_COLOR);
        const cv::Mat cut = cv::imread(out, cv::IMREAD_UNCHANGED);
        ASSERT_EQ(cut.type(), CV_16UC4);
        int black = 0, kept = 0, piece = 0;
        for (int y = 0; y < shot.rows; ++y)
            for (int x = 0; x < shot.cols; ++x) {
                const cv::Vec3b v = shot.at<cv::Vec3b>(y, x);
                const bool opaque = cut.at<cv::Vec4w>(y, x)[3] >= 32768;
                piece += opaque;
                if (v == cv::Vec3b(0, 0, 0)) ++black, kept += opaque;
            }
        EXPECT_LT(kept, 0.002 * black) << name;
        EXPECT_GT(piece, 2000) << name;  // the ring itself is there
    }
}

// The same photos' two gold wedding bands, one lying over the other, look alike flipped and
// the lower one is in shade: cut out as if on dark acrylic, its lower half was taken for the
// mirror image and erased. Its light does not follow the upper band's as a mirror's would.
TEST(CutoutCli, TwoRealBandsOneOverTheOtherAreNoMirrorImage) {
    if (!test::haveSharedData()) GTEST_SKIP() << "no ../shared/data beside the project";
    const fs::path photo = test::sharedData() / "jewelry" / "sam_lora" / "image_before_mask__ring7.jpg";
    if (!fs::exists(photo)) GTEST_SKIP() << photo << " is missing";
    test::TempDir dir;
    const auto r = test::run(test::facetBinary() + " cutout " + photo.string() + " --surface acrylic -o " +
                             (dir / "bands.png"));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("no mirror image of the piece found"), std::string::npos) << r.output;
}
