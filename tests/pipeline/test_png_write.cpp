// The parallel PNG encoder: what libpng (cv::imdecode) reads back is exactly what was given, for
// any size (one row, one column, strips of rows that do not divide the height), and the cutout's
// PNG holds the same pixels as its TIFF.
#include "pipeline/cutout_export.hpp"
#include "pipeline/png_write.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include <cstring>

using namespace facet;

namespace {

// Interleaved R, G, B, A 16-bit, as the row source gives them.
cv::Mat randomRgba(cv::Size size, uint64_t seed) {
    cv::Mat m(size, CV_16UC4);
    cv::RNG rng(seed);
    rng.fill(m, cv::RNG::UNIFORM, 0, 65536);
    m(cv::Rect(0, 0, size.width, size.height / 2)).setTo(0);  // a transparent half, as cutouts have
    return m;
}

cv::Mat decoded(const std::string& png) {
    return cv::imdecode(cv::Mat(1, int(png.size()), CV_8UC1, const_cast<char*>(png.data())), cv::IMREAD_UNCHANGED);
}

}  // namespace

TEST(PngWrite, LibpngReadsBackExactlyWhatWasGiven) {
    for (cv::Size size : {cv::Size(1, 1), cv::Size(1, 200), cv::Size(37, 130), cv::Size(300, 64)}) {
        const cv::Mat rgba = randomRgba(size, uint64_t(size.area()));
        const std::string png = encodeRgba16Png(size, [&](int y, int rows, uint16_t* out) {
            for (int r = 0; r < rows; ++r) std::memcpy(out + size_t(r) * size.width * 4, rgba.ptr(y + r), size.width * 8);
        });
        const cv::Mat back = decoded(png);  // imdecode gives B, G, R, A
        ASSERT_EQ(back.type(), CV_16UC4) << size;
        ASSERT_EQ(back.size(), size);
        cv::Mat bgra(size, CV_16UC4);
        cv::mixChannels(rgba, bgra, {2, 0, 1, 1, 0, 2, 3, 3});
        EXPECT_EQ(cv::norm(back, bgra, cv::NORM_INF), 0.0) << size;
    }
}

TEST(PngWrite, TheCutoutsPngHoldsTheSamePixelsAsItsTiff) {
    test::TempDir dir;
    const cv::Size size(150, 90);
    cv::Mat fg(size, CV_32FC3), alpha(size, CV_32FC1);
    cv::RNG rng(4);
    rng.fill(fg, cv::RNG::UNIFORM, 0.0, 1.0);
    rng.fill(alpha, cv::RNG::UNIFORM, 0.0, 1.0);
    alpha(cv::Rect(0, 0, 150, 30)).setTo(0);
    saveCutout(dir / "c.png", fg, alpha);
    saveCutout(dir / "c.tif", fg, alpha);
    const cv::Mat png = cv::imread(dir / "c.png", cv::IMREAD_UNCHANGED), tif = cv::imread(dir / "c.tif", cv::IMREAD_UNCHANGED);
    ASSERT_EQ(png.type(), CV_16UC4);
    EXPECT_EQ(cv::norm(png, tif, cv::NORM_INF), 0.0);
}

TEST(PngWrite, GreyMapsReadBackExactly) {
    test::TempDir dir;
    for (int type : {CV_8UC1, CV_16UC1}) {
        cv::Mat grey(77, 131, type);
        cv::RNG rng(type + 1);
        rng.fill(grey, cv::RNG::UNIFORM, 0, type == CV_8UC1 ? 256 : 65536);
        const std::string path = dir / (type == CV_8UC1 ? "g8.png" : "g16.png");
        saveGreyMap(path, grey);
        const cv::Mat back = cv::imread(path, cv::IMREAD_UNCHANGED);
        ASSERT_EQ(back.type(), type);
        EXPECT_EQ(cv::norm(back, grey, cv::NORM_INF), 0.0);
    }
}
