#pragma once
// Facet against a generic AI background remover on the same rendered scenes. The peer sees
// what any such tool gets: the single shot as an 8-bit sRGB PNG, no plate. Its RGBA answer is
// scored with the same metrics as Facet's own cutouts (`facet peer`, docs/quality.md).
#include "scenes/quality_run.hpp"

#include <string>

namespace facet::scenes {

// The file names one scene goes by: "<piece>-<seed>.png" (the shot) and
// "<piece>-<seed>.cutout.png" (the peer's RGBA answer), in `dir`.
std::string peerShotPath(const std::string& dir, Piece piece, uint64_t seed);
std::string peerCutoutPath(const std::string& dir, Piece piece, uint64_t seed);

// Writes the shot of the scene (piece, seed) as the peer's input (atomically).
void writePeerShot(const std::string& dir, Piece piece, uint64_t seed, cv::Size size = {1024, 680});

// Scores the peer's RGBA cutout of the scene (piece, seed) against the scene's ground truth.
// Throws InputError naming the file when it is missing, unreadable or of another size.
QualityRow scorePeerCutout(const std::string& dir, const std::string& peerName, Piece piece, uint64_t seed,
                           cv::Size size = {1024, 680});

}  // namespace facet::scenes
