#include "test_support.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include <filesystem>

using namespace facet;

// `facet quality --maps DIR` leaves one picture per scene beside the table, and nothing else.
TEST(QualityCli, MapsAreWrittenPerSceneBesideTheTable) {
    test::TempDir dir;
    const std::string maps = dir / "maps";
    const auto r =
        test::run(test::facetBinary() + " quality --pieces cable-chain --modes plate --seeds 1 --maps " + maps);
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("| plate | cable-chain |"), std::string::npos) << r.output;
    const cv::Mat map = cv::imread(maps + "/cable-chain-plate-100.png", cv::IMREAD_COLOR);
    ASSERT_FALSE(map.empty());
    EXPECT_GT(map.cols, map.rows);  // shot and errors side by side
    int files = 0;
    for (const auto& e : std::filesystem::directory_iterator(maps)) files += e.is_regular_file() ? 1 : 0;
    EXPECT_EQ(files, 1);  // no temporary left behind
}

TEST(QualityCli, MapsGoWithTheTableOnly) {
    test::TempDir dir;
    const auto r = test::run(test::facetBinary() + " quality --explain --maps " + (dir / "maps"));
    EXPECT_EQ(r.exitCode, 2) << r.output;
    EXPECT_NE(r.output.find("--maps goes with the quality table"), std::string::npos) << r.output;
}
