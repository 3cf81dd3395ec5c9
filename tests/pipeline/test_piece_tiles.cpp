#include "pipeline/piece_tiles.hpp"

#include "pipeline/synthetic_velvet.hpp"

#include <opencv2/imgproc.hpp>

#include <gtest/gtest.h>

using namespace facet;

namespace {

constexpr int kTile = 256, kHalo = 24;

// A 1280x768 set (5 x 3 tiles) with a lit wire crossing the top-left tile's corner and a
// solid block over tile (2, 1) and its halo.
struct Set {
    cv::Mat plate = test::velvetPlate({1280, 768}, 0.003, 1);
    cv::Mat shot;
    Set() {
        shot = plate + test::sensorNoise(plate.size(), 0.001f, 2);
        cv::line(shot, {0, 40}, {40, 0}, cv::Scalar::all(0.5), 3);
        shot(cv::Rect(480, 224, 320, 320)).setTo(cv::Scalar::all(0.6));
    }
};

const Tile& tileAt(const TilePlan& plan, cv::Point p) {
    for (const Tile& t : plan.tiles)
        if (t.core.contains(p)) return t;
    throw std::runtime_error("no tile");
}

}  // namespace

TEST(PieceTiles, SortsTilesAndSolvesOnlyAroundThePiece) {
    const Set set;
    const TilePlan plan = planTiles(set.shot, set.plate, {0, 0}, 1.0, kTile, kHalo);
    ASSERT_EQ(plan.tiles.size(), 15u);

    // The wire's tile: an edge tile, solved only within the halo of the wire's blocks.
    const Tile& wire = tileAt(plan, {10, 10});
    EXPECT_EQ(wire.kind, TileKind::Edge);
    EXPECT_TRUE((wire.solve & cv::Rect(0, 0, 42, 42)) == cv::Rect(0, 0, 42, 42)) << wire.solve;
    EXPECT_LE(wire.solve.br().x, 48 + kHalo) << wire.solve;
    EXPECT_LE(wire.solve.br().y, 48 + kHalo) << wire.solve;
    EXPECT_TRUE((wire.solve & wire.core) == wire.solve);

    // The solid block's own tile is solid (solved whole); the tiles around it see its edge
    // within their halo and solve the strip along it.
    const Tile& solid = tileAt(plan, {600, 300});
    EXPECT_EQ(solid.kind, TileKind::Solid);
    EXPECT_EQ(solid.solve, solid.core);
    const Tile& left = tileAt(plan, {300, 300});
    EXPECT_EQ(left.kind, TileKind::Edge);
    EXPECT_LE(left.solve.x, 480 - kHalo) << left.solve;
    EXPECT_GE(left.solve.x, 480 - kHalo - 8) << left.solve;
    EXPECT_EQ(left.solve.br().x, 512);

    // Far from everything: background, nothing to solve.
    const Tile& far = tileAt(plan, {1100, 100});
    EXPECT_EQ(far.kind, TileKind::Background);
    EXPECT_TRUE(far.solve.empty());
    EXPECT_EQ(plan.pieceBox, cv::Rect(0, 0, 1024, 768));
}
