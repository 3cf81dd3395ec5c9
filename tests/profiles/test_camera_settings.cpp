#include "profiles/camera_settings.hpp"
#include "profiles/camera_settings_plan.hpp"
#include "profiles/cutout_params_from.hpp"
#include "profiles/profile_loader.hpp"

#include <gtest/gtest.h>

namespace facet {
namespace {

TEST(CameraSettings, ShutterSpeedsAsPhotographersWriteThem) {
    EXPECT_NEAR(*parseShutterSeconds("1/125"), 1.0 / 125, 1e-12);
    EXPECT_NEAR(*parseShutterSeconds("0.5"), 0.5, 1e-12);
    EXPECT_NEAR(*parseShutterSeconds("2s"), 2, 1e-12);
    EXPECT_NEAR(*parseShutterSeconds("30\""), 30, 1e-12);
    EXPECT_NEAR(*parseShutterSeconds("1/2.5"), 0.4, 1e-12);
    for (const char* bad : {"1/0", "0", "-1/125", "fast", "", "1/", "/125", "1e3", "nan", "inf", "1/125/2", "1..2"})
        EXPECT_FALSE(parseShutterSeconds(bad)) << bad;
}

TEST(CameraSettings, AperturesAndWhiteBalance) {
    EXPECT_DOUBLE_EQ(*parseAperture("f/11"), 11);
    EXPECT_DOUBLE_EQ(*parseAperture("F5.6"), 5.6);
    EXPECT_DOUBLE_EQ(*parseAperture("16"), 16);
    EXPECT_FALSE(parseAperture("f/0"));
    EXPECT_FALSE(parseAperture("f/"));
    EXPECT_EQ(parseWhiteBalance("Flash")->preset, "flash");
    EXPECT_EQ(parseWhiteBalance("5600K")->kelvin, 5600);
    EXPECT_FALSE(parseWhiteBalance("900K"));
    EXPECT_FALSE(parseWhiteBalance("sunset"));
    EXPECT_EQ(formatAperture(5.6), "f/5.6");
}

TEST(CameraSettingsPlan, ChoosesTheCamerasOwnNamesAndNearestValues) {
    CameraSettings wanted = loadProfile(FACET_SOURCE_DIR "/profiles/black-velvet.toml").camera;
    AvailableSettings camera{
        {"iso", {"Auto", "64", "80", "125", "160", "200"}},   // no ISO 100 (a base-64 sensor)
        {"shutter", {"1/60", "1/100", "1/125", "1/160", "1/200"}},
        {"aperture", {"f/8", "f/10", "f/11", "f/13"}},
        {"white_balance", {"Auto", "Daylight", "Flash", "Tungsten"}},
        {"image_format", {"Large Fine JPEG", "Small Normal JPEG", "RAW", "RAW + Small Normal JPEG",
                          "RAW + Large Fine JPEG"}},
        // no capture_target control
    };
    CameraSettingsPlan plan = planCameraSettings(wanted, camera);
    EXPECT_EQ(plan.apply["iso"], "80");   // 80 and 125 are equally near: the lower, less noise
    EXPECT_EQ(plan.apply["shutter"], "1/125");
    EXPECT_EQ(plan.apply["aperture"], "f/11");
    EXPECT_EQ(plan.apply["white_balance"], "Flash");
    EXPECT_EQ(plan.apply["image_format"], "RAW + Large Fine JPEG");
    EXPECT_EQ(plan.apply.count("capture_target"), 0u);
    ASSERT_EQ(plan.warnings.size(), 2u);
    EXPECT_NE(plan.warnings[0].find("no ISO 100; using 80 (0.3 stop away)"), std::string::npos)
        << plan.warnings[0];
    EXPECT_NE(plan.warnings[1].find("no capture target control"), std::string::npos) << plan.warnings[1];
}

TEST(CameraSettingsPlan, UnofferedChoiceIsLeftAloneWithAWarning) {
    CameraSettings wanted;
    wanted.imageFormat = ImageFormat::RawPlusJpeg;
    CameraSettingsPlan plan = planCameraSettings(wanted, {{"image_format", {"Large Fine JPEG", "Basic JPEG"}}});
    EXPECT_EQ(plan.apply.count("image_format"), 0u);
    bool named = false;
    for (const auto& w : plan.warnings) named |= w.find("no image format \"raw+jpeg\"") != std::string::npos;
    EXPECT_TRUE(named);
}

TEST(CutoutParamsFromProfile, CarriesThePipelineSettings) {
    Profile p = loadProfile(FACET_SOURCE_DIR "/profiles/backlit-dual.toml");
    CutoutParams c = cutoutParamsFrom(p);
    EXPECT_EQ(c.stones, StoneTreatment::Transmit);
    EXPECT_EQ(c.surface, SurfaceKind::Acrylic);
    EXPECT_EQ(c.edgeBandPx, 3);
    EXPECT_DOUBLE_EQ(c.holeNoiseSigmas, 3.0);
    Profile acrylic = loadProfile(FACET_SOURCE_DIR "/profiles/dark-acrylic.toml");
    EXPECT_DOUBLE_EQ(cutoutParamsFrom(acrylic).holeNoiseSigmas, 3.5);
}

}  // namespace
}  // namespace facet
