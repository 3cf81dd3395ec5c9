#pragma once
// Where a single-shot cutout's halo on white comes from: the halo (whiteHalo, 0-255 levels
// over the edge band) split by what each pixel truly is, what the matte made of it, and what
// the matte had decided about it on the way. The tool for working on the matte: it says which
// of its rules a remaining error passes through (`facet quality --explain`).
#include "scenes/quality_run.hpp"

#include <string>
#include <vector>

namespace facet::scenes {

struct HaloSource {
    std::string truth;     // "background", "partial", "opaque" (the true alpha)
    std::string matte;     // "left out", "partial", "opaque" (the matte's alpha)
    std::string region;    // what the pixel is: "lit metal", "mirror", "hole", "pearl", ...
    std::string decision;  // "proven background", "kept as a mirror", "-" (neither)
    std::string depth;     // how far from proven background: "on it", "outline", "2 px in", "deeper"
    int pixels = 0;
    double share = 0;      // of the scene's halo sum
    double meanLevels = 0; // its pixels' mean halo, 0-255
};

// The pixels one of the targets counts as failed (thin recall: thin wire covered over a half
// left under a half; hole fidelity: an enclosed hole at 0.1 or more), by what the matte decided
// about them and how far they lie from proven background.
struct TargetMisses {
    struct Source {
        std::string decision;  // as HaloSource::decision
        std::string depth;     // as HaloSource::depth
        int pixels = 0;
    };
    int counted = 0;  // the pixels the target counts
    int missed = 0;
    // Thin recall only: of the missed pixels, those the plain projection on their true
    // foreground colour would keep (the colour estimate, not a decision, lost them).
    int keptByTrueColour = 0;
    std::vector<Source> sources;  // most pixels first
};

struct HaloExplanation {
    double halo = 0;                  // whiteHalo of the single-shot matte on the whole frame
    std::vector<HaloSource> sources;  // largest share first
    TargetMisses thinWire, holes;     // the same matte's thin-recall and hole-fidelity failures
};

// Renders the scene (velvet with a plate, or acrylic), solves the single-shot matte on the
// whole frame against the aligned plate, and splits its halo and its thin-wire and hole misses.
// Throws std::invalid_argument for modes without a single shot and plate (no-plate, dual).
HaloExplanation explainHalo(Piece piece, CaptureMode mode, uint64_t seed, cv::Size size = {1024, 680},
                            double shadow = 0.0);

}  // namespace facet::scenes
