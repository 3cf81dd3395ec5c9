// End-to-end runs of `facet export` and `facet raw`.
#include "pipeline/cutout_export.hpp"
#include "pipeline/cutout_file.hpp"
#include "pipeline/photoshop_path.hpp"
#include "pipeline/synthetic_dng.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <fstream>

using namespace facet;
namespace fs = std::filesystem;

namespace {

std::string facetCmd(const std::string& args) { return test::facetBinary() + " " + args; }

// A soft-edged ring cutout, saved as the cutout command would.
void writeRingCutout(const std::string& path) {
    cv::Mat alpha = cv::Mat::zeros(300, 400, CV_32FC1);
    cv::circle(alpha, {200, 150}, 90, 1.0, 30, cv::LINE_AA);
    cv::GaussianBlur(alpha, alpha, {0, 0}, 0.8);
    cv::Mat fg(alpha.size(), CV_32FC3, cv::Scalar(0.1, 0.4, 0.8));
    saveCutout(path, fg, alpha);
}

}  // namespace

TEST(ExportCli, WritesTheMarketplaceJpegAndTheClippingPathTiff) {
    test::TempDir dir;
    writeRingCutout(dir / "ring.png");
    auto r = test::run(facetCmd("export " + (dir / "ring.png") + " --marketplace " + (dir / "shop.jpg") +
                                " --size 500 --fill 0.8 --clipping-path " + (dir / "ring.tif") +
                                " --collection Autumn --sidecar"));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("1 outline(s), 1 hole(s)"), std::string::npos) << r.output;
    cv::Mat shop = cv::imread(dir / "shop.jpg");
    ASSERT_EQ(shop.size(), cv::Size(500, 500));
    EXPECT_EQ(shop.at<cv::Vec3b>(2, 2), cv::Vec3b(255, 255, 255));
    EXPECT_EQ(shop.at<cv::Vec3b>(250, 250), cv::Vec3b(255, 255, 255));  // the ring's hole is white

    CutoutFile tif = readCutoutFile(dir / "ring.tif");
    NamedPath clip = findClippingPath(decodePhotoshopResources(tif.tags.photoshopResources), tif.alpha.size());
    ASSERT_TRUE(clip.found);
    EXPECT_EQ(clip.path.contours.size(), 2u);
    EXPECT_NE(tif.tags.xmp.find("<facet:Collection>Autumn</facet:Collection>"), std::string::npos);
    EXPECT_TRUE(fs::exists(dir / "ring.tif.json"));
    EXPECT_TRUE(fs::exists(dir / "shop.jpg.json"));
}

TEST(ExportCli, BadInputIsAClearErrorAndWritesNothing) {
    test::TempDir dir;
    cv::imwrite(dir / "flat.png", cv::Mat(50, 50, CV_8UC3, cv::Scalar(1, 2, 3)));
    auto r = test::run(facetCmd("export " + (dir / "flat.png") + " --marketplace " + (dir / "shop.jpg")));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("flat.png: has no transparency"), std::string::npos) << r.output;
    writeRingCutout(dir / "ring.png");
    r = test::run(facetCmd("export " + (dir / "ring.png") + " --marketplace " + (dir / "missing/shop.jpg")));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("missing"), std::string::npos) << r.output;
    r = test::run(facetCmd("export " + (dir / "ring.png") + " --marketplace " + (dir / "shop.jpg") + " --fill 1.7"));
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_FALSE(fs::exists(dir / "shop.jpg"));
}

TEST(RawCli, InfoPreviewAndDecodeOfADng) {
    test::TempDir dir;
    SyntheticDngSpec spec;
    spec.scene = cv::Mat(120, 160, CV_32FC3, cv::Scalar(0.2, 0.2, 0.2));
    writeSyntheticDng(dir / "shot.dng", spec);
    auto r = test::run(facetCmd("raw info " + (dir / "shot.dng")));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("Facet Synthetic Bayer"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("RGGB Bayer"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("black 256, white 4095"), std::string::npos) << r.output;

    r = test::run(facetCmd("raw preview " + (dir / "shot.dng") + " -o " + (dir / "p.jpg")));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("half-size decode, 80 x 60"), std::string::npos) << r.output;

    r = test::run(facetCmd("raw decode " + (dir / "shot.dng") + " --linear -o " + (dir / "lin.tif")));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    cv::Mat lin = cv::imread(dir / "lin.tif", cv::IMREAD_UNCHANGED);
    ASSERT_EQ(lin.type(), CV_32FC3);
    EXPECT_NEAR(lin.at<cv::Vec3f>(60, 80)[1], 0.2f, 0.003);
}

TEST(RawCli, CorruptRawIsAnErrorNamingTheFile) {
    test::TempDir dir;
    std::ofstream(dir / "bad.nef", std::ios::binary) << std::string(4000, '\x42');
    auto r = test::run(facetCmd("raw decode " + (dir / "bad.nef") + " -o " + (dir / "out.tif")));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("bad.nef: not a PNG, TIFF, JPEG or a camera RAW format"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(dir / "out.tif"));
    // Every command that takes an image takes RAW: facet cutout reports the same.
    r = test::run(facetCmd("cutout " + (dir / "bad.nef") + " -o " + (dir / "out.png")));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("bad.nef"), std::string::npos) << r.output;
}
