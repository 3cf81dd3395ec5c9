#include "calibration/collection.hpp"
#include "calibration/clean_plate.hpp"
#include "pipeline/errors.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace facet {
namespace {

namespace fs = std::filesystem;

std::string makeFile(const test::TempDir& dir, const std::string& name, const std::string& bytes) {
    std::ofstream(dir / name, std::ios::binary) << bytes;
    return dir / name;
}

nlohmann::json checks(bool focusPassed) {
    return nlohmann::json::array({{{"name", "focus"}, {"passed", focusPassed}, {"value", focusPassed ? 1.8 : 4.2}},
                                  {{"name", "exposure"}, {"passed", true}}});
}

class CollectionTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CollectionTest, CapturesAreNamedSequencedAndIndexed) {
    test::TempDir dir;
    CollectionManifest m;
    m.name = "spring-rings";
    m.profile = "black-velvet";
    m.store = GetParam();
    Collection c = Collection::create(dir / "shoot", m);
    for (const char* sub : {"originals", "cutouts", "deliverables", "reference"})
        EXPECT_TRUE(fs::is_directory(fs::path(dir / "shoot") / sub)) << sub;

    const std::string raw = makeFile(dir, "IMG_0001.CR3", "raw bytes");
    CaptureReport report;
    report.settings = {{"iso", "100"}, {"shutter", "1/125"}};
    report.checks = checks(true);
    CaptureEntry a = c.addCapture(raw, "R-1042", report);
    CaptureEntry b = c.addCapture(raw, "R-1042", report);
    CaptureEntry other = c.addCapture(raw, "E-77", report);
    EXPECT_EQ(a.id, "spring-rings_R-1042_0001");
    EXPECT_EQ(b.id, "spring-rings_R-1042_0002");
    EXPECT_EQ(other.id, "spring-rings_E-77_0001");
    EXPECT_EQ(a.original, "originals/spring-rings_R-1042_0001.cr3");
    EXPECT_TRUE(fs::exists(c.path(a.original)));
    nlohmann::json side = c.sidecar(a.id);
    EXPECT_EQ(side["settings"]["shutter"], "1/125");
    EXPECT_EQ(side["checks"][0]["name"], "focus");
    EXPECT_EQ(side["status"], "ok");

    // Reopened from disk: the same index.
    Collection again = Collection::open(dir / "shoot");
    ASSERT_EQ(again.captures().size(), 3u);
    EXPECT_EQ(again.captures()[0].id, "spring-rings_E-77_0001");
    EXPECT_EQ(again.manifest().profile, "black-velvet");
}

TEST_P(CollectionTest, StrictCollectionHoldsAFailedCaptureUntilAccepted) {
    test::TempDir dir;
    CollectionManifest m;
    m.name = "gala";
    m.store = GetParam();
    Collection c = Collection::create(dir / "gala", m);
    const std::string raw = makeFile(dir, "a.nef", "x");
    CaptureReport good, soft;
    good.checks = checks(true);
    soft.checks = checks(false);
    CaptureEntry fine = c.addCapture(raw, "P-1", good);
    CaptureEntry blurred = c.addCapture(raw, "P-1", soft);
    EXPECT_EQ(blurred.status, CaptureStatus::Held);
    EXPECT_EQ(blurred.failedChecks, std::vector<std::string>{"focus"});
    ASSERT_EQ(c.deliverables().size(), 1u);
    EXPECT_EQ(c.deliverables()[0].id, fine.id);

    EXPECT_THROW(c.accept(blurred.id, ""), InputError);   // a reason is required
    EXPECT_THROW(c.accept(fine.id, "fine"), InputError);  // nothing to accept
    CaptureEntry accepted = c.accept(blurred.id, "soft focus is the pearl's own glow");
    EXPECT_EQ(accepted.status, CaptureStatus::Accepted);
    EXPECT_EQ(Collection::open(dir / "gala").deliverables().size(), 2u);
    nlohmann::json side = c.sidecar(blurred.id);
    EXPECT_EQ(side["status"], "accepted");
    EXPECT_EQ(side["note"], "soft focus is the pearl's own glow");
    EXPECT_EQ(side["checks"][0]["passed"], false);   // the evidence stays
}

TEST_P(CollectionTest, RelaxedCollectionFlagsButDelivers) {
    test::TempDir dir;
    CollectionManifest m;
    m.strict = false;
    m.store = GetParam();
    Collection c = Collection::create(dir / "quick", m);
    CaptureReport soft;
    soft.checks = checks(false);
    CaptureEntry e = c.addCapture(makeFile(dir, "a.jpg", "x"), "S1", soft);
    EXPECT_EQ(e.status, CaptureStatus::Flagged);
    EXPECT_EQ(c.deliverables().size(), 1u);
    EXPECT_EQ(e.id, "quick_S1_0001");   // the name defaults to the folder's
}

TEST_P(CollectionTest, CutoutAndReferenceAreKept) {
    test::TempDir dir;
    CollectionManifest m;
    m.store = GetParam();
    Collection c = Collection::create(dir / "c", m);
    CaptureEntry e = c.addCapture(makeFile(dir, "a.tif", "x"), "S1", {});
    CaptureEntry withCutout = c.recordCutout(e.id, makeFile(dir, "cut.png", "png"), {{"method", "clean-plate"}});
    EXPECT_EQ(withCutout.cutout, "cutouts/" + e.id + ".png");
    EXPECT_TRUE(fs::exists(c.path(withCutout.cutout)));
    EXPECT_EQ(c.sidecar(e.id)["cutout_report"]["method"], "clean-plate");

    std::vector<cv::Mat> frames(3, cv::Mat(8, 8, CV_32FC3, cv::Scalar::all(0.03)));
    saveCleanPlate(dir / "plate.json", averagePlateFrames(frames));
    c.setReference(dir / "plate.json");
    EXPECT_EQ(Collection::open(dir / "c").manifest().reference, "reference/plate.json");
    EXPECT_EQ(loadCleanPlate(c.path("reference/plate.json")).image.rows, 8);
}

INSTANTIATE_TEST_SUITE_P(Stores, CollectionTest, ::testing::Values("sqlite", "json"));

TEST(Collection, BadInputIsNamed) {
    test::TempDir dir;
    EXPECT_THROW(Collection::open(dir / "nothing"), InputError);
    CollectionManifest bad;
    bad.namingTemplate = "{collection}_{sku";
    EXPECT_THROW(Collection::create(dir / "x", bad), InputError);
    Collection c = Collection::create(dir / "y", {});
    EXPECT_THROW(Collection::create(dir / "y", {}), OutputError);
    CaptureReport broken;
    broken.checks = nlohmann::json::array({{{"name", "focus"}}});   // no "passed"
    EXPECT_THROW(c.addCapture(makeFile(dir, "a.cr2", "x"), "S", broken), InputError);
    EXPECT_THROW(c.addCapture(dir / "missing.cr2", "S", {}), InputError);
    EXPECT_TRUE(c.captures().empty());
    std::ofstream(dir / "y/manifest.json") << "{ not json";
    EXPECT_THROW(Collection::open(dir / "y"), InputError);
}

TEST(Collection, TemplateWithoutSeqCannotOverwrite) {
    test::TempDir dir;
    CollectionManifest m;
    m.namingTemplate = "{sku}.{ext}";
    Collection c = Collection::create(dir / "c", m);
    c.addCapture(makeFile(dir, "a.cr2", "first"), "S1", {});
    EXPECT_THROW(c.addCapture(makeFile(dir, "b.cr2", "second"), "S1", {}), OutputError);
}

}  // namespace
}  // namespace facet
