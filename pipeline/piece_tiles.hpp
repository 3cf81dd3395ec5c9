#pragma once
// Where the piece is, cheaply, so the careful matting runs only where it matters. A 24 MP frame
// is mostly velvet and solid metal: one pass over shot and plate sorts fixed-size tiles into
//   background  nothing there but the set (alpha 0, nothing to solve),
//   solid       every pixel far brighter than any background or mirror could be (alpha 1, F = C),
//   edge        anything else: solved pixel by pixel, but only around the piece: the part of
//               the tile farther than the halo from every block with the piece in it is the
//               set, as a background tile is (a thin chain crossing a tile's corner leaves
//               most of it bare velvet, which would cost as much to solve as the chain).
#include <opencv2/core.hpp>

#include <vector>

namespace facet {

enum class TileKind { Background, Solid, Edge };

struct Tile {
    cv::Rect core;   // the pixels this tile decides
    TileKind kind;
    cv::Rect solve;  // the part of `core` to solve (edge), all of it (solid), none (background)
};

struct TilePlan {
    std::vector<Tile> tiles;
    cv::Rect pieceBox;       // bounding box of the non-background tiles (empty: no piece)
    double blockNoise = 0;   // noise of a block's mean difference (for reports)
};

// shot and plate: linear CV_32FC3 of one size; shift/gain: the measured plate alignment
// (whole-pixel shift is enough here: blocks average the sub-pixel part away).
// `halo`: tiles are judged on their core plus this margin, so a solid tile really has no
// edge within reach of its pixels' neighbourhood operations.
TilePlan planTiles(const cv::Mat& shot, const cv::Mat& plate, cv::Point2d shift, double gain, int tileSize,
                   int halo);

}  // namespace facet
