#include "calibration/clean_plate.hpp"
#include "pipeline/errors.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <filesystem>
#include <fstream>

namespace facet {
namespace {

namespace fs = std::filesystem;

// A velvet-like plate: dark, with fibre texture that is the same in every frame.
cv::Mat velvetTruth(cv::Size size) {
    cv::Mat texture(size, CV_32FC3);
    cv::RNG rng(7);
    rng.fill(texture, cv::RNG::NORMAL, cv::Scalar::all(0.03), cv::Scalar::all(0.006));
    cv::GaussianBlur(texture, texture, cv::Size(3, 3), 0.8);
    return texture;
}

std::vector<cv::Mat> noisyFrames(const cv::Mat& truth, int n, double sigma, uint64_t seed) {
    std::vector<cv::Mat> frames;
    cv::RNG rng(seed);
    for (int i = 0; i < n; ++i) {
        cv::Mat noise(truth.size(), CV_32FC3);
        rng.fill(noise, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(sigma));
        frames.push_back(truth + noise);
    }
    return frames;
}

TEST(CleanPlate, AveragingRejectsAHairThatMoved) {
    const cv::Mat truth = velvetTruth(cv::Size(160, 120));
    auto frames = noisyFrames(truth, 8, 0.004, 1);
    // A hair lies across the set in frame 2, then moves to another place in frame 5.
    cv::line(frames[2], {10, 20}, {150, 90}, cv::Scalar::all(0.6), 2);
    cv::line(frames[5], {10, 100}, {150, 10}, cv::Scalar::all(0.6), 2);
    CleanPlate plate = averagePlateFrames(frames);

    cv::Mat naive = cv::Mat::zeros(truth.size(), CV_32FC3);
    for (const auto& f : frames) naive += f / 8.0;
    double naiveMax, plateMax;
    naiveMax = cv::norm(naive, truth, cv::NORM_INF);
    plateMax = cv::norm(plate.image, truth, cv::NORM_INF);
    EXPECT_GT(naiveMax, 0.06);                  // a plain mean keeps 1/8 of the hair
    EXPECT_LT(plateMax, 5 * 0.004 / std::sqrt(6.0));   // the clipped mean keeps only noise
    EXPECT_GT(plate.record.rejectedFraction, 0.0);
    EXPECT_LT(plate.record.rejectedFraction, 0.02);
}

TEST(CleanPlate, NoiseEstimateIsTheSingleFrameSigma) {
    const cv::Mat truth = velvetTruth(cv::Size(120, 90));
    for (double sigma : {0.002, 0.01}) {
        CleanPlate plate = averagePlateFrames(noisyFrames(truth, 10, sigma, 3));
        EXPECT_NEAR(plate.record.medianNoise, sigma, 0.15 * sigma) << sigma;
        const double err = cv::norm(plate.image - truth, cv::NORM_L2) / std::sqrt(double(truth.total() * 3));
        EXPECT_LT(err, 1.3 * sigma / std::sqrt(10.0));   // the plate is sqrt(N) quieter than a frame
    }
}

TEST(CleanPlate, SaveAndLoadAsFloatTiffWithRecord) {
    test::TempDir dir;
    CleanPlate plate = averagePlateFrames(noisyFrames(velvetTruth({64, 48}), 4, 0.003, 5));
    plate.record.madeAtUnix = 1790000000;
    plate.record.camera = "Canon EOS R5";
    plate.record.settings = {"100", "1/125", "f/11", "flash"};
    plate.record.lights = {"key: strip box left", "fill: strip box right"};
    const std::string path = dir / "plate.json";
    saveCleanPlate(path, plate);
    CleanPlate back = loadCleanPlate(path);
    EXPECT_EQ(cv::norm(back.image, plate.image, cv::NORM_INF), 0.0);   // float TIFF: bit exact
    EXPECT_EQ(cv::norm(back.noise, plate.noise, cv::NORM_INF), 0.0);
    EXPECT_EQ(back.record.camera, "Canon EOS R5");
    EXPECT_EQ(back.record.settings.shutter, "1/125");
    EXPECT_EQ(back.record.lights.size(), 2u);
    EXPECT_EQ(back.record.frames, 4);
}

TEST(CleanPlate, ANewPlateReplacesTheOldFilesOnlyWhenComplete) {
    test::TempDir dir;
    const std::string path = dir / "plate.json";
    CleanPlate first = averagePlateFrames(noisyFrames(velvetTruth({32, 24}), 3, 0.003, 1));
    saveCleanPlate(path, first);
    CleanPlate second = averagePlateFrames(noisyFrames(velvetTruth({32, 24}) * 2, 3, 0.003, 2));
    saveCleanPlate(path, second);
    int tiffs = 0;
    for (const auto& e : fs::directory_iterator(dir.path())) tiffs += e.path().extension() == ".tif";
    EXPECT_EQ(tiffs, 2);   // plate + noise of the new one; the old ones are gone
    EXPECT_NEAR(cv::mean(loadCleanPlate(path).image)[0], cv::mean(second.image)[0], 1e-6);

    // A plate that cannot be written (here: not float) leaves the previous one in use.
    CleanPlate broken = second;
    broken.noise.convertTo(broken.noise, CV_16U);
    EXPECT_THROW(saveCleanPlate(path, broken), OutputError);
    EXPECT_NEAR(cv::mean(loadCleanPlate(path).image)[0], cv::mean(second.image)[0], 1e-6);
}

TEST(CleanPlate, FramesOfAnotherSizeAreRefusedByName) {
    test::TempDir dir;
    cv::Mat a(40, 60, CV_8UC3, cv::Scalar::all(20)), b(40, 64, CV_8UC3, cv::Scalar::all(20));
    cv::imwrite(dir / "f1.png", a);
    cv::imwrite(dir / "f2.png", a);
    cv::imwrite(dir / "f3.png", b);
    try {
        averagePlateFiles({dir / "f1.png", dir / "f2.png", dir / "f3.png"});
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("f3.png is 64x40 but"), std::string::npos) << e.what();
    }
    EXPECT_THROW(averagePlateFiles({dir / "f1.png", dir / "f2.png"}), InputError);   // too few to vote
}

TEST(PlateRecord, StaleWhenOlderThanTheSessionOrShotDifferently) {
    PlateRecord plate;
    plate.madeAtUnix = 1000;
    plate.camera = "Nikon Z7";
    plate.settings = {"100", "1/125", "f/11", "flash"};
    plate.width = 8256;
    plate.height = 5504;
    PlateUse use;
    use.sessionStartUnix = 500;
    use.camera = "Nikon Z7";
    use.settings = plate.settings;
    use.width = 8256;
    use.height = 5504;
    EXPECT_TRUE(plateStaleReasons(plate, use).empty());

    use.sessionStartUnix = 2000;
    use.settings.iso = "200";
    auto reasons = plateStaleReasons(plate, use);
    ASSERT_EQ(reasons.size(), 2u);
    EXPECT_NE(reasons[0].find("before this session started"), std::string::npos);
    EXPECT_NE(reasons[1].find("made at ISO 100, the session shoots at ISO 200"), std::string::npos);

    use.width = 6000;
    EXPECT_THROW(requirePlateFits(plate, "plate.json", use, "shot.nef"), InputError);
    use.width = 8256;
    use.camera = "Canon EOS R5";
    try {
        requirePlateFits(plate, "plate.json", use, "shot.cr3");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("made with Nikon Z7 but shot.cr3 comes from Canon EOS R5"),
                  std::string::npos);
    }
}

}  // namespace
}  // namespace facet

#include "calibration/dual_plates.hpp"

namespace facet {
namespace {

CleanPlate flatPlate(float level, const std::string& backlight) {
    std::vector<cv::Mat> frames(3, cv::Mat(16, 16, CV_32FC3, cv::Scalar::all(level)));
    CleanPlate p = averagePlateFrames(frames);
    p.record.backlight = backlight;
    p.record.settings = {"100", "1/8", "f/16", "5600K"};
    return p;
}

TEST(DualPlates, APairMustDifferOnlyInTheBacklight) {
    DualPlates pair = pairDualPlates(flatPlate(0.02f, "off"), flatPlate(0.6f, "on"), "off.json", "on.json");
    EXPECT_NEAR(pair.backlightGain, 30.0, 0.01);
    EXPECT_THROW(pairDualPlates(flatPlate(0.6f, "on"), flatPlate(0.02f, "off"), "a", "b"), InputError);   // swapped
    EXPECT_THROW(pairDualPlates(flatPlate(0.02f, "off"), flatPlate(0.021f, "on"), "a", "b"), InputError);  // no light
    CleanPlate otherSettings = flatPlate(0.6f, "on");
    otherSettings.record.settings.shutter = "1/4";
    try {
        pairDualPlates(flatPlate(0.02f, "off"), otherSettings, "off.json", "on.json");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("must differ only in the backlight"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace facet

namespace facet {
namespace {

TEST(CalibrationFiles, DamagedOrMissingFilesAreNamed) {
    test::TempDir dir;
    std::ofstream(dir / "plate.json") << "{ \"kind\": \"plate\", ";   // cut short
    try {
        loadCleanPlate(dir / "plate.json");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("plate.json: not a calibration file (corrupt JSON"), std::string::npos)
            << e.what();
    }
    std::ofstream(dir / "flat.json") << R"({"kind": "flat", "files": {}})";
    try {
        loadCleanPlate(dir / "flat.json");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("is a flat calibration, not a plate"), std::string::npos) << e.what();
    }
    // A sidecar whose image was deleted.
    CleanPlate plate = averagePlateFrames(std::vector<cv::Mat>(3, cv::Mat(4, 4, CV_32FC3, cv::Scalar::all(0.1))));
    saveCleanPlate(dir / "p.json", plate);
    for (const auto& e : fs::directory_iterator(dir.path()))
        if (e.path().string().find(".plate.tif") != std::string::npos) fs::remove(e.path());
    try {
        loadCleanPlate(dir / "p.json");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("is missing or corrupt"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace facet
