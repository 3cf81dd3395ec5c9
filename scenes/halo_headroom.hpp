#pragma once
// How far a single shot's halo on white could come down, and which knowledge would bring it
// there: the cutout's halo next to the halo of the same cutout told one piece of the truth
// (`facet quality --headroom`). Each "told" column replaces only that knowledge, re-derives the
// colour of the pixels it changed from the noisy shot as the cutout does (decontamination
// against the aligned plate) and leaves every other pixel as the cutout made it. They say
// where work on the matte can pay and how much, not what the cutout can reach.
#include "scenes/quality_run.hpp"

namespace facet::scenes {

struct HaloHeadroom {
    double halo = 0;            // the cutout's (the quality table's column)
    // The true alpha everywhere, colour unmixed from the noisy shot: what sensor noise and
    // colour unmixing alone leave, the floor of any matte under this metric.
    double noiseFloor = 0;
    // Alpha by projection on the true foreground colour at the partial lit-metal and thin-wire
    // pixels (the rims): what a perfect estimate of the rim's own colour would give.
    double trueRimColour = 0;
    // The true alpha on polished metal mirroring the set (punch-through and its outline).
    double trueMirrorAlpha = 0;
    // The true alpha where the truth is partial (every soft edge), and where it is not (opaque
    // or background pixels the matte made partial or wrong): the two add up to the whole error.
    double truePartialAlpha = 0;
    double trueSolidAlpha = 0;
};

// Single shot with a plate only (modes plate, acrylic); throws std::invalid_argument otherwise.
HaloHeadroom measureHaloHeadroom(Piece piece, CaptureMode mode, uint64_t seed, cv::Size size = {1024, 680},
                                 double shadow = 0.0);

}  // namespace facet::scenes
