#include "profiles/profile_error.hpp"
#include "profiles/profile_loader.hpp"

#include <gtest/gtest.h>

namespace facet {
namespace {

const char* kVersion1 = R"(version = 1
name = "old-velvet"

[camera]
exposure = "1/160 f/13 ISO200"
wb = "daylight"
raw_plus_jpeg = true
target = "memory"

[matte]
stone_mode = "transmit"
background = "acrylic"
dual = true
edge_band = 6

[export]
format = "png"
size = 2500
fill = 0.8
background = "transparent"
)";

TEST(ProfileMigration, Version1IsReadAsVersion2) {
    Profile p = parseProfileText(kVersion1, "old.toml", nullptr);
    EXPECT_EQ(p.version, 2);
    EXPECT_EQ(p.camera.iso, 200);
    EXPECT_NEAR(p.camera.shutter.seconds, 1.0 / 160, 1e-12);
    EXPECT_DOUBLE_EQ(p.camera.aperture, 13);
    EXPECT_EQ(p.camera.whiteBalance.preset, "daylight");
    EXPECT_EQ(p.camera.imageFormat, ImageFormat::RawPlusJpeg);
    EXPECT_EQ(p.camera.captureTarget, CaptureTarget::Memory);
    EXPECT_EQ(p.pipeline.stones, StoneTreatment::Transmit);
    EXPECT_EQ(p.pipeline.surface, SurfaceKind::Acrylic);
    EXPECT_EQ(p.pipeline.background, BackgroundModel::Dual);
    EXPECT_EQ(p.pipeline.edgeBandPx, 6);
    ASSERT_EQ(p.exports.size(), 1u);
    EXPECT_EQ(p.exports[0].format, ExportFormat::Png);
    EXPECT_EQ(p.exports[0].longEdgePx, 2500);
    EXPECT_NEAR(p.exports[0].fillPercent, 80, 1e-9);
    EXPECT_EQ(p.exports[0].background, ExportBackground::Transparent);
}

TEST(ProfileMigration, RawOnlyAndCleanPlateInVersion1) {
    Profile p = parseProfileText("version = 1\nname = \"x\"\n[camera]\nraw_plus_jpeg = false\n[matte]\ndual = false\n",
                                 "old.toml", nullptr);
    EXPECT_EQ(p.camera.imageFormat, ImageFormat::Raw);
    EXPECT_EQ(p.pipeline.background, BackgroundModel::CleanPlate);
}

TEST(ProfileMigration, BadExposureStringPointsAtItsLine) {
    try {
        parseProfileText("version = 1\nname = \"x\"\n[camera]\nexposure = \"1/125 f/11 ISO1OO\"\n", "old.toml", nullptr);
        FAIL();
    } catch (const ProfileError& e) {
        ASSERT_EQ(e.issues.size(), 1u);
        EXPECT_EQ(e.issues[0].line, 4);
        EXPECT_NE(e.issues[0].message.find("'ISO1OO' is neither"), std::string::npos) << e.issues[0].message;
    }
}

TEST(ProfileMigration, ErrorsInMigratedFieldsKeepTheirOriginalLine) {
    // The v1 `size` becomes long_edge_px; its range error must still point at line 5.
    try {
        parseProfileText("version = 1\nname = \"x\"\n\n[export]\nsize = 10\n", "old.toml", nullptr);
        FAIL();
    } catch (const ProfileError& e) {
        ASSERT_EQ(e.issues.size(), 1u);
        EXPECT_EQ(e.issues[0].line, 5);
        EXPECT_EQ(e.issues[0].field, "export[0].long_edge_px");
    }
}

TEST(ProfileMigration, OldAndNewNameTogetherIsAnError) {
    try {
        parseProfileText("version = 1\nname = \"x\"\n[camera]\nwb = \"flash\"\nwhite_balance = \"daylight\"\n", "old.toml",
                         nullptr);
        FAIL();
    } catch (const ProfileError& e) {
        EXPECT_NE(std::string(e.what()).find("old.toml:4: 'wb' (the version 1 name) and 'white_balance'"),
                  std::string::npos)
            << e.what();
    }
}

TEST(ProfileMigration, Version1KeysAreUnknownInVersion2) {
    try {
        parseProfileText("version = 2\nname = \"x\"\n[camera]\nexposure = \"1/125 f/11 ISO100\"\n", "new.toml", nullptr);
        FAIL();
    } catch (const ProfileError& e) {
        EXPECT_NE(std::string(e.what()).find("unknown field 'exposure'"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace facet
