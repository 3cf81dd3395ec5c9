#include "pipeline/cutout_export.hpp"
#include "pipeline/errors.hpp"
#include "pipeline/image_io.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include <fstream>

using namespace facet;

namespace {

std::string errorOf(const std::string& path) {
    try {
        loadImage(path);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(ImageIo, Reads16BitPngToLinear) {
    test::TempDir dir;
    cv::Mat img(4, 5, CV_16UC3, cv::Scalar(0, 32768, 65535));
    cv::imwrite(dir / "a.png", img);
    LoadedImage li = loadImage(dir / "a.png");
    EXPECT_EQ(li.bitDepth, 16);
    EXPECT_EQ(li.format, "png");
    ASSERT_EQ(li.linear.type(), CV_32FC3);
    cv::Vec3f p = li.linear.at<cv::Vec3f>(0, 0);
    EXPECT_NEAR(p[0], 0.0f, 1e-6);
    EXPECT_NEAR(p[1], 0.2140f, 1e-3);
    EXPECT_NEAR(p[2], 1.0f, 1e-6);
}

TEST(ImageIo, ClearErrorsForMissingEmptyAndCorruptFiles) {
    test::TempDir dir;
    EXPECT_NE(errorOf(dir / "nope.png").find("file not found"), std::string::npos);
    std::ofstream(dir / "empty.png").close();
    EXPECT_NE(errorOf(dir / "empty.png").find("empty"), std::string::npos);
    // A PNG cut in half.
    cv::Mat img(64, 64, CV_8UC3, cv::Scalar(10, 20, 30));
    cv::randu(img, 0, 255);
    std::vector<uchar> bytes;
    cv::imencode(".png", img, bytes);
    std::ofstream(dir / "cut.png", std::ios::binary).write((const char*)bytes.data(), bytes.size() / 2);
    EXPECT_NE(errorOf(dir / "cut.png").find("corrupt"), std::string::npos);
    std::ofstream(dir / "text.png") << "not an image at all";
    EXPECT_NE(errorOf(dir / "text.png").find("not a PNG"), std::string::npos);
}

TEST(ImageIo, CutoutPngAndTiffKeepStraightAlphaAndColour) {
    test::TempDir dir;
    cv::Mat fg(8, 8, CV_32FC3, cv::Scalar(0.1, 0.4, 0.8));
    cv::Mat alpha(8, 8, CV_32FC1, cv::Scalar(0.25));
    for (const char* name : {"c.png", "c.tif"}) {
        saveCutout(dir / name, fg, alpha);
        cv::Mat back = cv::imread(dir / name, cv::IMREAD_UNCHANGED);
        ASSERT_EQ(back.type(), CV_16UC4) << name;
        cv::Vec<uint16_t, 4> px = back.at<cv::Vec<uint16_t, 4>>(3, 3);
        EXPECT_NEAR(px[3], 0.25 * 65535, 1) << name;
        // Straight colour: sRGB of 0.8 linear is ~0.906, not premultiplied by 0.25.
        EXPECT_NEAR(px[2] / 65535.0, 0.9063, 2e-3) << name;
    }
}

TEST(ImageIo, JpegIsThePieceOnPureWhite) {
    test::TempDir dir;
    cv::Mat fg(16, 16, CV_32FC3, cv::Scalar(0, 0, 0));
    cv::Mat alpha(16, 16, CV_32FC1, cv::Scalar(0));
    alpha(cv::Rect(0, 0, 8, 16)) = 1.0f;
    saveCutout(dir / "w.jpg", fg, alpha);
    cv::Mat back = cv::imread(dir / "w.jpg");
    EXPECT_GE(back.at<cv::Vec3b>(8, 14)[0], 253);
    EXPECT_LE(back.at<cv::Vec3b>(8, 2)[0], 3);
}

TEST(ImageIo, UnknownOutputExtensionLeavesNoFile) {
    test::TempDir dir;
    cv::Mat fg(4, 4, CV_32FC3, cv::Scalar(0.5, 0.5, 0.5));
    cv::Mat alpha(4, 4, CV_32FC1, cv::Scalar(1));
    EXPECT_THROW(saveCutout(dir / "x.bmpx", fg, alpha), InputError);
    EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(ImageIo, OneCodeAtBlackIsTheFilesQuantisationInLinearLight) {
    EXPECT_NEAR(codeAtBlack(LoadedImage{{}, 8, 3, "jpeg", "a.jpg"}), 1.0 / (255 * 12.92), 1e-9);
    EXPECT_NEAR(codeAtBlack(LoadedImage{{}, 16, 3, "png", "a.png"}), 1.0 / (65535 * 12.92), 1e-12);
    EXPECT_NEAR(codeAtBlack(LoadedImage{{}, 14, 3, "raw", "a.nef"}), 1.0 / 16383, 1e-10);  // RAW is linear
    EXPECT_EQ(codeAtBlack(LoadedImage{{}, 32, 3, "tiff", "a.tif"}), 0.0f);
}
