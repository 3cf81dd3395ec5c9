#include "profiles/profile_error.hpp"
#include "profiles/profile_loader.hpp"
#include "profiles/profile_writer.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace facet {
namespace {

using test::TempDir;

ProfileLibrary shipped() { return ProfileLibrary({FACET_SOURCE_DIR "/profiles"}); }

void writeFile(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
}

// The issues a text raises, as "line: message" (file name left out for brevity).
std::vector<ProfileIssue> issuesOf(const std::string& text, const ProfileLibrary* library = nullptr) {
    try {
        parseProfileText(text, "test.toml", library);
    } catch (const ProfileError& e) {
        return e.issues;
    }
    return {};
}

TEST(ProfileLoader, ShippedBlackVelvetHasRealisticSettings) {
    const auto lib = shipped();
    Profile p = loadProfile("black-velvet", lib);
    EXPECT_EQ(p.name, "black-velvet");
    EXPECT_EQ(p.version, kProfileVersion);
    EXPECT_EQ(p.camera.iso, 100);
    EXPECT_NEAR(p.camera.shutter.seconds, 1.0 / 125, 1e-12);
    EXPECT_DOUBLE_EQ(p.camera.aperture, 11);
    EXPECT_EQ(p.camera.imageFormat, ImageFormat::RawPlusJpeg);
    EXPECT_EQ(p.camera.captureTarget, CaptureTarget::Card);
    EXPECT_EQ(p.camera.lighting, LightingKind::Strobe);
    EXPECT_EQ(p.pipeline.surface, SurfaceKind::Velvet);
    EXPECT_EQ(p.pipeline.stones, StoneTreatment::Preserve);
    EXPECT_GE(p.guidance.lights.size(), 3u);
    ASSERT_FALSE(p.exports.empty());
    EXPECT_EQ(p.exports[0].format, ExportFormat::Jpeg);
    EXPECT_EQ(p.exports[0].longEdgePx, 2000);
    EXPECT_DOUBLE_EQ(p.exports[0].fillPercent, 85);
    EXPECT_EQ(p.exports[0].background, ExportBackground::White);
    EXPECT_TRUE(p.exports[0].clippingPath);
    EXPECT_TRUE(p.warnings.empty());
}

TEST(ProfileLoader, ShippedProfilesAllLoadAndDiffer) {
    const auto lib = shipped();
    Profile acrylic = loadProfile("dark-acrylic", lib);
    Profile dual = loadProfile("backlit-dual", lib);
    EXPECT_EQ(acrylic.pipeline.surface, SurfaceKind::Acrylic);
    EXPECT_EQ(dual.pipeline.background, BackgroundModel::Dual);
    EXPECT_EQ(dual.pipeline.stones, StoneTreatment::Transmit);
    EXPECT_EQ(dual.camera.lighting, LightingKind::Continuous);
    EXPECT_EQ(dual.camera.whiteBalance.kelvin, 5600);
    EXPECT_TRUE(acrylic.warnings.empty());
    EXPECT_TRUE(dual.warnings.empty());
}

TEST(ProfileLoader, SyntaxErrorNamesFileAndLine) {
    auto issues = issuesOf("version = 2\nname = \"x\"\n[camera\niso = 100\n");
    ASSERT_EQ(issues.size(), 1u);
    EXPECT_EQ(issues[0].line, 3);
    EXPECT_EQ(issues[0].file, "test.toml");
    EXPECT_NE(issues[0].text().find("test.toml:3: not valid TOML"), std::string::npos) << issues[0].text();
}

TEST(ProfileLoader, BadShutterNamesFileLineAndField) {
    TempDir dir;
    const std::string path = dir / "black-velvet.toml";
    writeFile(path, "version = 2\nname = \"mine\"\n\n[camera]\niso = 100\nshutter = \"1/0\"\n");
    try {
        loadProfileFile(path, shipped());
        FAIL() << "a shutter of 1/0 must not load";
    } catch (const ProfileError& e) {
        ASSERT_EQ(e.issues.size(), 1u);
        EXPECT_EQ(e.issues[0].field, "camera.shutter");
        EXPECT_EQ(e.issues[0].text().rfind(path + ":6: shutter '1/0' is not a shutter speed", 0), 0u)
            << e.issues[0].text();
    }
}

TEST(ProfileLoader, WrongTypeIsNamedWithWhatWasFound) {
    auto issues = issuesOf("version = 2\nname = \"x\"\n[camera]\niso = \"100\"\n[pipeline]\nedge_band_px = 2.5\n");
    ASSERT_EQ(issues.size(), 2u);
    EXPECT_EQ(issues[0].line, 4);
    EXPECT_EQ(issues[0].field, "camera.iso");
    EXPECT_NE(issues[0].message.find("iso must be a whole number, not text \"100\""), std::string::npos)
        << issues[0].message;
    EXPECT_EQ(issues[1].line, 6);
    EXPECT_EQ(issues[1].field, "pipeline.edge_band_px");
}

TEST(ProfileLoader, UnknownFieldSuggestsTheClosestName) {
    auto issues = issuesOf("version = 2\nname = \"x\"\n[camera]\nshuter = \"1/125\"\n[pipline]\n");
    ASSERT_EQ(issues.size(), 2u);
    EXPECT_EQ(issues[0].line, 4);
    EXPECT_NE(issues[0].message.find("unknown field 'shuter' in [camera]; did you mean 'shutter'?"),
              std::string::npos)
        << issues[0].message;
    EXPECT_NE(issues[1].message.find("did you mean 'pipeline'?"), std::string::npos) << issues[1].message;
}

TEST(ProfileLoader, OutOfRangeAndContradictionsAreReported) {
    auto issues = issuesOf(
        "version = 2\nname = \"x\"\n[checks]\nexposure_highlight_min = 0.9\nexposure_highlight_max = 0.5\n"
        "[[export]]\nformat = \"jpg\"\nbackground = \"transparent\"\nfill_percent = 120\n");
    ASSERT_EQ(issues.size(), 3u);
    EXPECT_NE(issues[0].message.find("exposure_highlight_max must be above"), std::string::npos);
    EXPECT_NE(issues[1].message.find("fill_percent 120 is out of range"), std::string::npos) << issues[1].message;
    EXPECT_EQ(issues[1].field, "export[0].fill_percent");
    EXPECT_EQ(issues[1].line, 9);
    EXPECT_NE(issues[2].message.find("a JPEG cannot be transparent"), std::string::npos);
}

TEST(ProfileLoader, VersionIsRequiredAndNewerVersionsRefused) {
    auto missing = issuesOf("name = \"x\"\n");
    ASSERT_EQ(missing.size(), 1u);
    EXPECT_NE(missing[0].message.find("no 'version' field"), std::string::npos);
    auto newer = issuesOf("version = 9\nname = \"x\"\n");
    ASSERT_EQ(newer.size(), 1u);
    EXPECT_NE(newer[0].message.find("newer Facet"), std::string::npos);
    EXPECT_EQ(newer[0].line, 1);
}

TEST(ProfileLoader, StrobeFasterThanFlashSyncIsAWarningNotAnError) {
    Profile p = parseProfileText("version = 2\nname = \"x\"\n[camera]\nshutter = \"1/1000\"\nlighting = \"strobe\"\n",
                                 "test.toml", nullptr);
    ASSERT_EQ(p.warnings.size(), 1u);
    EXPECT_NE(p.warnings[0].find("test.toml:4"), std::string::npos) << p.warnings[0];
    EXPECT_NE(p.warnings[0].find("flash sync"), std::string::npos);
}

TEST(ProfileLoader, UserProfileExtendsAShippedOne) {
    TempDir dir;
    const std::string path = dir / "my-velvet.toml";
    writeFile(path,
              "version = 2\nname = \"my-velvet\"\nextends = \"black-velvet\"\n"
              "[camera]\naperture = \"f/16\"\n[checks]\nresolution_min_px = 2400\n"
              "[[export]]\nname = \"etsy\"\nformat = \"jpg\"\nlong_edge_px = 3000\n");
    Profile p = loadProfileFile(path, shipped());
    EXPECT_EQ(p.name, "my-velvet");
    EXPECT_EQ(p.extends, "black-velvet");
    EXPECT_DOUBLE_EQ(p.camera.aperture, 16);                      // overridden
    EXPECT_EQ(p.camera.iso, 100);                                  // from black-velvet
    EXPECT_NEAR(p.camera.shutter.seconds, 1.0 / 125, 1e-12);       // from black-velvet
    EXPECT_EQ(p.checks.resolutionMinPx, 2400);                     // overridden
    EXPECT_DOUBLE_EQ(p.checks.backgroundMaxDeltaE, 3.0);           // from black-velvet
    EXPECT_FALSE(p.guidance.lights.empty());                       // from black-velvet
    ASSERT_EQ(p.exports.size(), 1u);                               // lists are replaced whole
    EXPECT_EQ(p.exports[0].name, "etsy");
    EXPECT_EQ(p.exports[0].longEdgePx, 3000);
}

TEST(ProfileLoader, ErrorsInAnExtendingFilePointAtThatFile) {
    TempDir dir;
    const std::string path = dir / "mine.toml";
    writeFile(path, "version = 2\nname = \"mine\"\nextends = \"black-velvet\"\n\n[camera]\naperture = \"f/0\"\n");
    try {
        loadProfileFile(path, shipped());
        FAIL();
    } catch (const ProfileError& e) {
        ASSERT_EQ(e.issues.size(), 1u);
        EXPECT_EQ(e.issues[0].file, path);
        EXPECT_EQ(e.issues[0].line, 6);
    }
}

TEST(ProfileLoader, AProfileMayExtendItsShippedNamesake) {
    TempDir dir;
    writeFile(dir / "black-velvet.toml",
              "version = 2\nname = \"black-velvet\"\nextends = \"black-velvet\"\n[camera]\niso = 200\n");
    ProfileLibrary lib({dir.path().string(), FACET_SOURCE_DIR "/profiles"});
    Profile p = loadProfile("black-velvet", lib);
    EXPECT_EQ(p.camera.iso, 200);
    EXPECT_DOUBLE_EQ(p.camera.aperture, 11);
    auto listing = lib.list();
    int shadowed = 0;
    for (const auto& l : listing) shadowed += l.shadowed;
    EXPECT_EQ(shadowed, 1);
}

TEST(ProfileLoader, ExtendsLoopAndMissingBaseAreClearErrors) {
    TempDir dir;
    writeFile(dir / "a.toml", "version = 2\nname = \"a\"\nextends = \"b\"\n");
    writeFile(dir / "b.toml", "version = 2\nname = \"b\"\nextends = \"a\"\n");
    writeFile(dir / "c.toml", "version = 2\nname = \"c\"\nextends = \"black-velvt\"\n");
    ProfileLibrary lib({dir.path().string()});
    try {
        loadProfile("a", lib);
        FAIL();
    } catch (const ProfileError& e) {
        EXPECT_NE(std::string(e.what()).find("loop"), std::string::npos) << e.what();
    }
    try {
        loadProfile("c", lib);
        FAIL();
    } catch (const ProfileError& e) {
        EXPECT_NE(std::string(e.what()).find("c.toml:3: extends 'black-velvt': no such profile"), std::string::npos)
            << e.what();
    }
}

TEST(ProfileLoader, UnknownNameSuggestsAShippedOne) {
    try {
        loadProfile("black-velvit", shipped());
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("did you mean 'black-velvet'?"), std::string::npos) << e.what();
    }
}

// The front light's share in a dual capture's backlit frame: measured unless the profile knows it.
TEST(ProfileLoader, FrontLightInTheBacklitFrameIsMeasuredOrGiven) {
    EXPECT_LT(loadProfile("backlit-dual", shipped()).pipeline.frontLightInBacklit, 0.0);  // "measure"
    const std::string head = "version = 2\nname = \"x\"\n[pipeline]\nfront_light_in_backlit = ";
    EXPECT_DOUBLE_EQ(parseProfileText(head + "0.6\n", "t.toml", nullptr).pipeline.frontLightInBacklit, 0.6);
    EXPECT_DOUBLE_EQ(parseProfileText(head + "0\n", "t.toml", nullptr).pipeline.frontLightInBacklit, 0.0);
    EXPECT_LT(parseProfileText(head + "\"measure\"\n", "t.toml", nullptr).pipeline.frontLightInBacklit, 0.0);
    auto word = issuesOf(head + "\"auto\"\n");
    ASSERT_EQ(word.size(), 1u);
    EXPECT_EQ(word[0].field, "pipeline.front_light_in_backlit");
    EXPECT_NE(word[0].message.find("must be \"measure\" or a number from 0 to 1, not text \"auto\""), std::string::npos)
        << word[0].message;
    auto range = issuesOf(head + "1.4\n");
    ASSERT_EQ(range.size(), 1u);
    EXPECT_NE(range[0].message.find("front_light_in_backlit 1.4 is out of range (0 to 1)"), std::string::npos)
        << range[0].message;
}

TEST(ProfileLoader, WrittenProfileLoadsBackTheSame) {
    const auto lib = shipped();
    Profile original = loadProfile("backlit-dual", lib);
    Profile again = parseProfileText(profileToToml(original), "again.toml", nullptr);
    EXPECT_EQ(again.name, original.name);
    EXPECT_EQ(again.camera.shutter.text, original.camera.shutter.text);
    EXPECT_DOUBLE_EQ(again.camera.aperture, original.camera.aperture);
    EXPECT_EQ(again.camera.whiteBalance.text(), original.camera.whiteBalance.text());
    EXPECT_EQ(again.pipeline.background, original.pipeline.background);
    EXPECT_DOUBLE_EQ(again.pipeline.frontLightInBacklit, original.pipeline.frontLightInBacklit);
    original.pipeline.frontLightInBacklit = 0.35;
    EXPECT_DOUBLE_EQ(parseProfileText(profileToToml(original), "k.toml", nullptr).pipeline.frontLightInBacklit, 0.35);
    EXPECT_DOUBLE_EQ(again.checks.edgeContrastMaxLowFraction, original.checks.edgeContrastMaxLowFraction);
    EXPECT_EQ(again.guidance.tips, original.guidance.tips);
    ASSERT_EQ(again.exports.size(), original.exports.size());
    EXPECT_EQ(again.exports[1].background, original.exports[1].background);
}

}  // namespace
}  // namespace facet
