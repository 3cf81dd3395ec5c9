#pragma once
// Draws a piece with supersampling: every supersample is evaluated analytically against each
// shape (painter's order, "over" compositing), then each pixel averages its supersamples.
// That average *is* the exact fractional alpha of the pixel up to 1/supersample^2.
#include "scenes/piece_geometry.hpp"

#include <opencv2/core.hpp>

namespace facet::scenes {

struct PieceImage {
    cv::Mat alpha;          // CV_32FC1 coverage; stones count as opaque ("preserve")
    cv::Mat alphaTransmit;  // CV_32FC1 with the stones' partial alpha ("transmit")
    cv::Mat premultiplied;  // CV_32FC3 the piece's light times alpha (stones include what they refract)
    cv::Mat regions;        // CV_8UC1 kMetal / kMetalReflection / kThinWire / kStone / kPearl, 0 elsewhere
    cv::Mat metal;          // CV_8UC1 255 where the pixel is mostly metal
};

// `setBlurred`: the empty set as polished metal mirrors it and stones refract it (linear
// CV_32FC3, the frame's size or a uniformly reduced copy of it). `scale`: frame size relative to 1024x680 (reflection patch size).
// Bands of rows are drawn in parallel (cv::parallel_for_); the result does not depend on the
// number of threads.
PieceImage rasterizePiece(const PieceLayout& layout, cv::Size size, int supersample, const cv::Mat& setBlurred,
                          float scale, uint64_t seed);

}  // namespace facet::scenes
