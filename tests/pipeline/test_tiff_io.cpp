// The parallel strip TIFF reader and writer give exactly what the plain paths give: cv::imread
// plus the sRGB table when reading; libtiff's own encoder (read back by imread) when writing.
#include "pipeline/cutout_export.hpp"
#include "pipeline/errors.hpp"
#include "pipeline/image_io.hpp"
#include "pipeline/srgb.hpp"
#include "pipeline/tiff_read.hpp"
#include "pipeline/tiff_write.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <tiffio.h>

#include <fstream>

using namespace facet;

namespace {

cv::Mat randomImage(cv::Size size, int type, uint64_t seed) {
    cv::Mat m(size, type);
    cv::RNG rng(seed);
    rng.fill(m, cv::RNG::UNIFORM, 0, CV_MAT_DEPTH(type) == CV_8U ? 256 : 65536);
    return m;
}

// A TIFF as a camera or editor writes it: samples in R, G, B(, A) order, `rowsPerStrip` rows a strip.
void writeTiff(const std::string& path, const cv::Mat& bgr, int compression, int rowsPerStrip) {
    cv::Mat rgb = bgr.clone();
    if (bgr.channels() == 3) cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    if (bgr.channels() == 4) cv::cvtColor(bgr, rgb, cv::COLOR_BGRA2RGBA);
    TIFF* tif = TIFFOpen(path.c_str(), "w");
    ASSERT_NE(tif, nullptr);
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, uint32_t(rgb.cols));
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, uint32_t(rgb.rows));
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, uint16_t(rgb.channels()));
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, uint16_t(rgb.elemSize1() * 8));
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, rgb.channels() == 1 ? PHOTOMETRIC_MINISBLACK : PHOTOMETRIC_RGB);
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    if (rgb.channels() == 4) {
        uint16_t extra[] = {EXTRASAMPLE_UNASSALPHA};
        TIFFSetField(tif, TIFFTAG_EXTRASAMPLES, 1, extra);
    }
    TIFFSetField(tif, TIFFTAG_COMPRESSION, uint16_t(compression));
    if (compression != COMPRESSION_NONE) TIFFSetField(tif, TIFFTAG_PREDICTOR, PREDICTOR_HORIZONTAL);
    TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, uint32_t(rowsPerStrip));
    for (int y = 0; y < rgb.rows; ++y) ASSERT_GE(TIFFWriteScanline(tif, rgb.ptr(y), uint32_t(y), 0), 0);
    TIFFClose(tif);
}

// What loadImage gave before the fast path: imread, alpha dropped, sRGB table, grey to BGR.
cv::Mat viaImread(const std::string& path) {
    cv::Mat raw = cv::imread(path, cv::IMREAD_UNCHANGED);
    if (raw.channels() == 4) cv::cvtColor(raw, raw, cv::COLOR_BGRA2BGR);
    return srgbToLinear(raw);
}

}  // namespace

TEST(TiffIo, StripReaderMatchesImreadForEveryCommonLayout) {
    test::TempDir dir;
    // Odd sizes: a short last strip; several strips so both workers get some.
    const cv::Size size(97, 61);
    int n = 0;
    for (int type : {CV_8UC1, CV_8UC3, CV_16UC1, CV_16UC3, CV_16UC4}) {
        for (int compression : {COMPRESSION_NONE, COMPRESSION_LZW, COMPRESSION_ADOBE_DEFLATE}) {
            const std::string path = dir / ("t" + std::to_string(n++) + ".tif");
            const cv::Mat img = randomImage(size, type, uint64_t(n));
            writeTiff(path, img, compression, 7);
            auto fast = readLinearTiff(path);
            ASSERT_TRUE(fast.has_value()) << "type " << type << " compression " << compression;
            EXPECT_EQ(fast->channels, img.channels());
            EXPECT_EQ(fast->bitDepth, CV_MAT_DEPTH(type) == CV_8U ? 8 : 16);
            EXPECT_EQ(cv::norm(fast->linear, viaImread(path), cv::NORM_INF), 0.0)
                << "type " << type << " compression " << compression;
        }
    }
}

TEST(TiffIo, OtherTiffsAreLeftToImread) {
    test::TempDir dir;
    const std::string floats = dir / "float.tif";
    ASSERT_TRUE(cv::imwrite(floats, cv::Mat(8, 8, CV_32FC3, cv::Scalar(0.5, 0.25, 0.125))));
    EXPECT_FALSE(readLinearTiff(floats).has_value());
    LoadedImage img = loadImage(floats);  // still read, through imread
    EXPECT_EQ(img.bitDepth, 32);
    EXPECT_NEAR(img.linear.at<cv::Vec3f>(3, 3)[1], 0.25f, 1e-3);  // OpenCV stores float RGB as LogLuv
    // 8-bit RGBA: imread's reading (colour premultiplied by alpha) stays the reference.
    const std::string rgba8 = dir / "rgba8.tif";
    writeTiff(rgba8, randomImage({20, 10}, CV_8UC4, 5), COMPRESSION_LZW, 4);
    EXPECT_FALSE(readLinearTiff(rgba8).has_value());
    EXPECT_EQ(cv::norm(loadImage(rgba8).linear, viaImread(rgba8), cv::NORM_INF), 0.0);
}

TEST(TiffIo, ADamagedStripIsAnInputErrorNamingTheFile) {
    test::TempDir dir;
    const std::string path = dir / "damaged.tif";
    writeTiff(path, randomImage({300, 200}, CV_16UC3, 3), COMPRESSION_LZW, 16);
    // Garbage over the middle of the pixel data; the directory (at the end) stays intact.
    std::fstream f(path, std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(std::streamoff(300 * 200 * 6 / 2));
    const std::string garbage(4000, char(0xFF));
    f.write(garbage.data(), std::streamsize(garbage.size()));
    f.close();
    try {
        loadImage(path);
        FAIL() << "a damaged TIFF was read";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("corrupt"), std::string::npos) << e.what();
    }
}

TEST(TiffIo, ParallelStripWriterStoresExactlyTheCutoutsPixels) {
    test::TempDir dir;
    const cv::Size size(203, 150);  // several strips, the last one short
    cv::Mat fg(size, CV_32FC3), alpha(size, CV_32FC1);
    cv::RNG rng(7);
    rng.fill(fg, cv::RNG::UNIFORM, -0.1, 1.1);  // out-of-range colour is clamped
    rng.fill(alpha, cv::RNG::UNIFORM, 0.0, 1.0);
    alpha(cv::Rect(0, 0, 50, 150)) = 0.0f;  // transparent background, as in a cutout
    saveCutout(dir / "c.tif", fg, alpha);

    cv::Mat back = cv::imread(dir / "c.tif", cv::IMREAD_UNCHANGED);
    ASSERT_EQ(back.type(), CV_16UC4);
    cv::Mat expectedColour = linearToSrgb(fg, CV_16U), expectedAlpha, planes[4];
    alpha.convertTo(expectedAlpha, CV_16U, 65535.0);
    cv::split(back, planes);
    cv::Mat colour;
    cv::merge(planes, 3, colour);
    EXPECT_EQ(cv::norm(colour, expectedColour, cv::NORM_INF), 0.0);
    EXPECT_EQ(cv::norm(planes[3], expectedAlpha, cv::NORM_INF), 0.0);
}

TEST(TiffIo, WriterReportsAFolderThatIsNotThere) {
    const cv::Mat fg(4, 4, CV_32FC3, cv::Scalar::all(0.5)), alpha(4, 4, CV_32FC1, cv::Scalar(1));
    EXPECT_THROW(writeRgba16Tiff("/nonexistent-folder/x.tif", fg.size(),
                                 [](int, int, uint16_t*) {}, {}),
                 OutputError);
}

TEST(TiffIo, SeveralFilesAtOnceAreReadAsOneByOne) {
    test::TempDir dir;
    const std::string a = dir / "a.tif", b = dir / "b.tif", c = dir / "c.png", d = dir / "d.tif";
    writeTiff(a, randomImage({120, 80}, CV_16UC3, 1), COMPRESSION_LZW, 5);
    writeTiff(b, randomImage({120, 80}, CV_16UC3, 2), COMPRESSION_NONE, 80);
    ASSERT_TRUE(cv::imwrite(c, randomImage({120, 80}, CV_16UC3, 3)));
    ASSERT_TRUE(cv::imwrite(d, cv::Mat(80, 120, CV_32FC3, cv::Scalar(0.5, 0.25, 0.125))));  // imread's
    const std::vector<std::string> paths{a, b, c, d};
    std::vector<LoadedImage> together = loadImages(paths);
    ASSERT_EQ(together.size(), paths.size());
    for (size_t i = 0; i < paths.size(); ++i) {
        LoadedImage alone = loadImage(paths[i]);
        EXPECT_EQ(together[i].path, paths[i]);
        EXPECT_EQ(together[i].format, alone.format);
        EXPECT_EQ(together[i].bitDepth, alone.bitDepth);
        EXPECT_EQ(together[i].channels, alone.channels);
        EXPECT_EQ(cv::norm(together[i].linear, alone.linear, cv::NORM_INF), 0.0) << paths[i];
    }
}

TEST(TiffIo, SeveralFilesAtOnceReportTheFirstBadFileInOrder) {
    test::TempDir dir;
    const std::string good = dir / "good.tif", missing = dir / "missing.tif", empty = dir / "empty.png";
    writeTiff(good, randomImage({40, 30}, CV_16UC3, 4), COMPRESSION_LZW, 4);
    std::ofstream(empty).close();
    for (const auto& [paths, expected] : {std::pair{std::vector<std::string>{good, missing, empty}, missing},
                                          std::pair{std::vector<std::string>{empty, good, missing}, empty}}) {
        try {
            loadImages(paths);
            FAIL() << "bad files were read";
        } catch (const InputError& e) {
            EXPECT_EQ(std::string(e.what()).rfind(expected, 0), 0u) << e.what();
        }
    }
}

// A file asked for in half precision (the backlit plate of a dual capture) comes back as
// CV_16FC3, its values the float decode's to half precision; the others are untouched, and the
// first bad file in the order given is still the one reported.
TEST(TiffIo, AFileAskedForInHalfPrecisionIsReadAsHalf) {
    test::TempDir dir;
    const std::string a = dir / "a.tif", b = dir / "b.tif", missing = dir / "missing.tif";
    writeTiff(a, randomImage({120, 80}, CV_16UC3, 5), COMPRESSION_LZW, 5);
    writeTiff(b, randomImage({120, 80}, CV_16UC3, 6), COMPRESSION_NONE, 80);
    std::vector<LoadedImage> read = loadImages({a, b}, {false, true});
    ASSERT_EQ(read.size(), 2u);
    EXPECT_EQ(read[0].linear.type(), CV_32FC3);
    EXPECT_EQ(cv::norm(read[0].linear, loadImage(a).linear, cv::NORM_INF), 0.0);
    ASSERT_EQ(read[1].linear.type(), CV_16FC3);
    EXPECT_EQ(read[1].path, b);
    EXPECT_EQ(read[1].bitDepth, 16);
    cv::Mat back;
    read[1].linear.convertTo(back, CV_32F);
    EXPECT_LT(cv::norm(back, loadImage(b).linear, cv::NORM_INF), 1e-3);
    try {
        loadImages({missing, a}, {false, true});
        FAIL() << "a missing file was read";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()).rfind(missing, 0), 0u) << e.what();
    }
}
