#include "test_support.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace facet {
namespace {

using test::run;
using test::TempDir;

TEST(CollectionCli, StrictShootFromCreateToDeliverables) {
    TempDir dir;
    const std::string col = dir / "spring";
    const std::string bin = test::facetBinary() + " collection ";
    auto created = run(bin + "create " + col + " --profile " FACET_SOURCE_DIR "/profiles/black-velvet.toml");
    ASSERT_EQ(created.exitCode, 0) << created.output;
    std::ofstream(dir / "IMG_1.CR3") << "raw";
    std::ofstream(dir / "soft.json") << R"([{"name": "focus", "passed": false, "value": 4.1}])";
    auto good = run(bin + "add " + col + " " + dir / "IMG_1.CR3" + " --sku R-1042");
    ASSERT_EQ(good.exitCode, 0) << good.output;
    EXPECT_NE(good.output.find("spring_R-1042_0001  ok"), std::string::npos) << good.output;
    auto soft = run(bin + "add " + col + " " + dir / "IMG_1.CR3" + " --sku R-1042 --checks " + dir / "soft.json");
    EXPECT_NE(soft.output.find("spring_R-1042_0002  held (failed: focus)"), std::string::npos) << soft.output;

    auto deliverable = run(bin + "list " + col + " --deliverable");
    EXPECT_NE(deliverable.output.find("1 captures, 1 held"), std::string::npos) << deliverable.output;
    auto noNote = run(bin + "accept " + col + " spring_R-1042_0002");
    EXPECT_EQ(noNote.exitCode, 1) << noNote.output;
    auto accepted = run(bin + "accept " + col + " spring_R-1042_0002 --note 'soft on purpose'");
    EXPECT_EQ(accepted.exitCode, 0) << accepted.output;
    EXPECT_NE(run(bin + "list " + col + " --deliverable").output.find("2 captures"), std::string::npos);

    auto unknown = run(bin + "accept " + col + " spring_R-9999_0001 --note x");
    EXPECT_EQ(unknown.exitCode, 1);
    EXPECT_NE(unknown.output.find("no capture 'spring_R-9999_0001'"), std::string::npos) << unknown.output;
    auto notACollection = run(bin + "list " + dir.path().string());
    EXPECT_EQ(notACollection.exitCode, 1);
    EXPECT_NE(notACollection.output.find("is not a collection"), std::string::npos) << notACollection.output;
}

}  // namespace
}  // namespace facet
