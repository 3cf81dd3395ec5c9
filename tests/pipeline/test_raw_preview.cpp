#include "pipeline/errors.hpp"
#include "pipeline/raw_preview.hpp"
#include "pipeline/synthetic_dng.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace facet;
namespace fs = std::filesystem;

TEST(RawPreview, TheEmbeddedJpegIsUsedWhenThereIsOne) {
    const fs::path file = test::sharedData() / "raw" / "RAW_CANON_D30_SRGB.CRW";
    if (!fs::exists(file)) GTEST_SKIP() << "no real RAW files at " << file.parent_path();
    RawPreview p = loadRawPreview(file.string());
    EXPECT_EQ(p.source, "embedded JPEG");
    EXPECT_EQ(p.display.type(), CV_8UC3);
    EXPECT_EQ(p.display.size(), cv::Size(1440, 960));
    EXPECT_EQ(p.info.model, "EOS D30");
    EXPECT_GT(cv::mean(p.display)[1], 20);  // a picture, not black
}

TEST(RawPreview, TooSmallAnEmbeddedPreviewFallsBackToHalfSize) {
    const fs::path file = test::sharedData() / "raw" / "RAW_CANON_G2.CRW";
    if (!fs::exists(file)) GTEST_SKIP() << "no real RAW files at " << file.parent_path();
    EXPECT_EQ(loadRawPreview(file.string()).display.cols, 640);  // the camera's own
    RawPreviewOptions options;
    options.minWidth = 1000;
    RawPreview p = loadRawPreview(file.string(), options);
    EXPECT_EQ(p.source, "half-size decode");
    EXPECT_EQ(p.display.size(), cv::Size(2312 / 2, 1720 / 2));
}

TEST(RawPreview, AFileWithoutPreviewGetsAHalfSizeDecode) {
    test::TempDir dir;
    SyntheticDngSpec spec;
    spec.scene = cv::Mat(64, 96, CV_32FC3, cv::Scalar(0.2, 0.2, 0.2));
    writeSyntheticDng(dir / "plain.dng", spec);
    RawPreview p = loadRawPreview(dir / "plain.dng");
    EXPECT_EQ(p.source, "half-size decode");
    ASSERT_EQ(p.display.size(), cv::Size(48, 32));
    // Linear 0.2 is sRGB 124/255.
    EXPECT_NEAR(p.display.at<cv::Vec3b>(16, 24)[1], 124, 2);
}

TEST(RawPreview, CorruptFilesAreInputErrors) {
    test::TempDir dir;
    std::ofstream(dir / "junk.arw", std::ios::binary) << std::string(3000, '\x11');
    EXPECT_THROW(loadRawPreview(dir / "junk.arw"), InputError);
}
