#include "test_support.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace facet {
namespace {

using test::run;
using test::TempDir;

TEST(ProfileCli, ValidateReportsFileLineAndFailsOnBadProfiles) {
    TempDir dir;
    std::ofstream(dir / "bad.toml") << "version = 2\nname = \"bad\"\n[camera]\nshutter = \"1/0\"\nisso = 100\n";
    auto r = run(test::facetBinary() + " profile validate " + (dir / "bad.toml"));
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find(dir / "bad.toml" + ":4: shutter '1/0' is not a shutter speed"), std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find(":5: unknown field 'isso' in [camera]; did you mean 'iso'?"), std::string::npos) << r.output;
}

TEST(ProfileCli, ShippedProfilesValidateAndShow) {
    auto r = run(test::facetBinary() + " profile validate " FACET_SOURCE_DIR "/profiles/black-velvet.toml " FACET_SOURCE_DIR
                 "/profiles/dark-acrylic.toml " FACET_SOURCE_DIR "/profiles/backlit-dual.toml");
    EXPECT_EQ(r.exitCode, 0) << r.output;
    auto show = run(test::facetBinary() + " profile show " FACET_SOURCE_DIR "/profiles/dark-acrylic.toml");
    EXPECT_EQ(show.exitCode, 0) << show.output;
    EXPECT_NE(show.output.find("surface = 'acrylic'"), std::string::npos) << show.output;
}

TEST(ProfileCli, MigrateWritesTheCurrentLayout) {
    TempDir dir;
    std::ofstream(dir / "old.toml") << "version = 1\nname = \"old\"\n[camera]\nexposure = \"1/125 f/11 ISO100\"\n";
    auto r = run(test::facetBinary() + " profile migrate " + (dir / "old.toml") + " --out " + (dir / "new.toml"));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    auto v = run(test::facetBinary() + " profile show " + (dir / "new.toml"));
    EXPECT_EQ(v.exitCode, 0) << v.output;
    EXPECT_NE(v.output.find("shutter = '1/125'"), std::string::npos) << v.output;
    EXPECT_NE(v.output.find("version = 2"), std::string::npos) << v.output;
}

}  // namespace
}  // namespace facet
