#include "pipeline/errors.hpp"
#include "pipeline/image_io.hpp"
#include "pipeline/raw_decode.hpp"
#include "pipeline/synthetic_dng.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

using namespace facet;
namespace fs = std::filesystem;

namespace {

// Four flat patches of known linear colour (B, G, R), in quadrants.
const cv::Vec3f kPatches[4] = {{0.10f, 0.30f, 0.60f}, {0.80f, 0.50f, 0.05f},
                               {0.02f, 0.02f, 0.02f}, {0.45f, 0.45f, 0.45f}};

cv::Mat patchScene(int w = 128, int h = 96) {
    cv::Mat scene(h, w, CV_32FC3);
    for (int q = 0; q < 4; ++q)
        scene(cv::Rect((q % 2) * w / 2, (q / 2) * h / 2, w / 2, h / 2)).setTo(cv::Scalar(kPatches[q]));
    return scene;
}

// The middle of quadrant q (well away from the patch borders the demosaicing blends).
cv::Vec3f patchCentre(const cv::Mat& img, int q) {
    const int w = img.cols, h = img.rows;
    cv::Rect r((q % 2) * w / 2 + w / 8, (q / 2) * h / 2 + h / 8, w / 4, h / 4);
    cv::Scalar m = cv::mean(img(r));
    return {float(m[0]), float(m[1]), float(m[2])};
}

std::string inputErrorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

void truncateCopy(const std::string& from, const std::string& to, double keep) {
    std::ifstream in(from, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    std::ofstream(to, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size() * keep));
}

}  // namespace

TEST(RawDecode, SyntheticDngDecodesToTheKnownLinearColours) {
    test::TempDir dir;
    SyntheticDngSpec spec;
    spec.scene = patchScene();
    writeSyntheticDng(dir / "patches.dng", spec);
    for (RawDemosaic demosaic : {RawDemosaic::Fast, RawDemosaic::Careful}) {
        RawDecodeOptions options;
        options.demosaic = demosaic;
        RawDecoded d = decodeRaw(dir / "patches.dng", options);
        ASSERT_EQ(d.image.linear.type(), CV_32FC3);
        ASSERT_EQ(d.image.linear.size(), spec.scene.size());
        for (int q = 0; q < 4; ++q) {
            cv::Vec3f got = patchCentre(d.image.linear, q);
            for (int c = 0; c < 3; ++c)
                EXPECT_NEAR(got[c], kPatches[q][c], 0.004) << "patch " << q << " channel " << c;
        }
    }
}

TEST(RawDecode, ReadsTheLevelsWhiteBalanceAndTagsOfTheDng) {
    test::TempDir dir;
    SyntheticDngSpec spec;
    spec.scene = patchScene(64, 64);
    spec.blackLevel = 512;
    spec.whiteLevel = 16383;
    spec.asShotNeutral = {0.4f, 1.0f, 0.8f};
    writeSyntheticDng(dir / "levels.dng", spec);
    RawDecoded d = decodeRaw(dir / "levels.dng");
    EXPECT_EQ(d.info.make, "Facet");
    EXPECT_EQ(d.info.model, "Synthetic Bayer");
    EXPECT_EQ(exifDateTime(d.info.captureTime), "2026:11:28 10:30:00");
    EXPECT_EQ(d.info.cfaPattern, "RGGB");
    EXPECT_EQ(d.info.blackLevel, 512u);
    EXPECT_EQ(d.info.whiteLevel, 16383u);
    EXPECT_EQ(d.image.bitDepth, 14);
    EXPECT_NEAR(d.whiteBalanceUsed[0], 2.5f, 1e-3);  // 1 / AsShotNeutral
    EXPECT_NEAR(d.whiteBalanceUsed[2], 1.25f, 1e-3);
    cv::Vec3f grey = patchCentre(d.image.linear, 3);
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(grey[c], 0.45f, 0.004);
}

TEST(RawDecode, AGivenWhiteBalanceReplacesTheCameras) {
    test::TempDir dir;
    SyntheticDngSpec spec;
    spec.scene = patchScene(64, 64);
    spec.asShotNeutral = {0.5f, 1.0f, 0.7f};
    writeSyntheticDng(dir / "wb.dng", spec);
    RawDecodeOptions options;
    options.whiteBalance = cv::Vec3f(1, 1, 1);  // "no correction": the sensor's own colour
    RawDecoded d = decodeRaw(dir / "wb.dng", options);
    cv::Vec3f grey = patchCentre(d.image.linear, 3);  // 0.45 grey, as the sensor saw it
    EXPECT_NEAR(grey[2], 0.45f * 0.5f, 0.004);        // red
    EXPECT_NEAR(grey[1], 0.45f, 0.004);
    EXPECT_NEAR(grey[0], 0.45f * 0.7f, 0.004);        // blue
    options.whiteBalance = cv::Vec3f(0, 1, 1);
    EXPECT_NE(inputErrorOf([&] { decodeRaw(dir / "wb.dng", options); }).find("white balance"), std::string::npos);
}

TEST(RawDecode, HalfSizeDecodeHasHalfTheSizeAndTheSameColours) {
    test::TempDir dir;
    SyntheticDngSpec spec;
    spec.scene = patchScene();
    writeSyntheticDng(dir / "half.dng", spec);
    RawDecodeOptions options;
    options.halfSize = true;
    RawDecoded d = decodeRaw(dir / "half.dng", options);
    ASSERT_EQ(d.image.linear.size(), cv::Size(64, 48));
    for (int q = 0; q < 4; ++q) {
        cv::Vec3f got = patchCentre(d.image.linear, q);
        for (int c = 0; c < 3; ++c) EXPECT_NEAR(got[c], kPatches[q][c], 0.004);
    }
}

TEST(RawDecode, LoadImageTakesDngFiles) {
    test::TempDir dir;
    SyntheticDngSpec spec;
    spec.scene = patchScene(32, 32);
    writeSyntheticDng(dir / "shot.DNG", spec);
    LoadedImage img = loadImage(dir / "shot.DNG");
    EXPECT_EQ(img.format, "raw");
    EXPECT_EQ(img.linear.size(), cv::Size(32, 32));
}

TEST(RawDecode, TruncatedAndCorruptFilesAreInputErrorsNamingTheFile) {
    test::TempDir dir;
    SyntheticDngSpec spec;
    spec.scene = patchScene(256, 256);
    writeSyntheticDng(dir / "whole.dng", spec);
    truncateCopy(dir / "whole.dng", dir / "cut.dng", 0.5);
    std::string msg = inputErrorOf([&] { decodeRaw(dir / "cut.dng"); });
    EXPECT_NE(msg.find(dir / "cut.dng"), std::string::npos) << msg;

    std::ofstream(dir / "noise.cr2", std::ios::binary) << std::string(5000, '\x5a');
    msg = inputErrorOf([&] { loadImage(dir / "noise.cr2"); });
    EXPECT_NE(msg.find("noise.cr2"), std::string::npos) << msg;
    EXPECT_NE(msg.find("not a PNG, TIFF, JPEG or a camera RAW format"), std::string::npos) << msg;

    std::ofstream(dir / "empty.nef", std::ios::binary) << "";
    EXPECT_NE(inputErrorOf([&] { decodeRaw(dir / "empty.nef"); }).find("empty"), std::string::npos);
    EXPECT_NE(inputErrorOf([&] { decodeRaw(dir / "missing.nef"); }).find("missing.nef"), std::string::npos);
}

// --- the real camera files beside the project ---------------------------------------------

struct RealRaw {
    const char* file;
    const char* make;
    const char* model;
    int width, height;
};
const RealRaw kRealRaws[] = {
    {"RAW_CANON_D30_SRGB.CRW", "Canon", "EOS D30", 2176, 1448},
    {"RAW_CANON_G2.CRW", "Canon", "PowerShot G2", 2312, 1720},
    {"RAW_KODAK_DC50.KDC", "Kodak", "DC50", 768, 512},
    {"a2tools_DC50_DC0008L_colorchecker.KDC", "Kodak", "DC50", 768, 512},
    {"a2tools_QT100_Image__1.qtk", "Apple", "QuickTake 100", 640, 480},
    {"a2tools_QT150_raw_Image_08.qtk", "Apple", "QuickTake 150", 640, 480},
    {"photoprism_canon_eos_6d.dng", "Canon", "EOS 6D", 1224, 816},
};

TEST(RawDecodeReal, EveryRealFileDecodesToAPlausibleLinearImage) {
    const fs::path folder = test::sharedData() / "raw";
    if (!fs::is_directory(folder)) GTEST_SKIP() << "no real RAW files at " << folder << " (fresh clone)";
    for (const RealRaw& r : kRealRaws) {
        SCOPED_TRACE(r.file);
        RawDecoded d = decodeRaw((folder / r.file).string());
        EXPECT_EQ(d.info.make, r.make);
        EXPECT_EQ(d.info.model, r.model);
        ASSERT_EQ(d.image.linear.size(), cv::Size(r.width, r.height));
        double lo, hi;
        cv::minMaxLoc(d.image.linear.reshape(1), &lo, &hi);
        EXPECT_GE(lo, 0.0);
        EXPECT_LE(hi, 1.0);
        cv::Scalar mean = cv::mean(d.image.linear);
        // Linear light: a normally exposed scene averages well below the sRGB-encoded ~0.45.
        for (int c = 0; c < 3; ++c) {
            EXPECT_GT(mean[c], 0.01);
            EXPECT_LT(mean[c], 0.7);
        }
    }
}

TEST(RawDecodeReal, TheD30IsLinearAndItsHeaderIsRead) {
    const fs::path file = test::sharedData() / "raw" / "RAW_CANON_D30_SRGB.CRW";
    if (!fs::exists(file)) GTEST_SKIP() << "no real RAW files at " << file.parent_path();
    RawDecoded d = decodeRaw(file.string());
    EXPECT_EQ(d.info.cfaPattern, "RGGB");
    EXPECT_EQ(d.info.whiteLevel, 4095u);
    EXPECT_NEAR(d.info.iso, 100, 1);
    EXPECT_GT(d.info.shutterSeconds, 0);
    EXPECT_EQ(exifDateTime(d.info.captureTime).substr(0, 10), "2002:11:24");
    // DECODE_REPORT.tsv: dcraw_emu's gamma-encoded, auto-brightened mean is 124.7 / 255. Ours
    // is linear without auto-brightening, so far darker (the sRGB encoding of ~0.21 is ~0.5).
    cv::Scalar mean = cv::mean(d.image.linear);
    const double grey = (mean[0] + mean[1] + mean[2]) / 3;
    EXPECT_GT(grey, 0.1);
    EXPECT_LT(grey, 124.7 / 255);
}

TEST(RawDecodeReal, TruncatedRealFilesAreInputErrors) {
    const fs::path folder = test::sharedData() / "raw";
    if (!fs::is_directory(folder)) GTEST_SKIP() << "no real RAW files at " << folder;
    test::TempDir dir;
    for (const char* name : {"RAW_CANON_D30_SRGB.CRW", "RAW_KODAK_DC50.KDC", "photoprism_canon_eos_6d.dng"}) {
        const std::string cut = dir / (std::string("cut_") + name);
        truncateCopy((folder / name).string(), cut, 0.6);
        std::string msg = inputErrorOf([&] { loadImage(cut); });
        EXPECT_NE(msg.find(cut), std::string::npos) << name << ": " << msg;
    }
}
