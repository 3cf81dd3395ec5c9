#pragma once
// Backlight spill on metal rims where its hue cannot tell it from transmission (silver under a
// neutral backlight): told by where the light is. Spill grazes the metal within a few pixels of
// an edge with backlight behind it, and the front shot sees solid metal there; deeper than
// that, partial alpha is a stone's transmission. Part of the dual matte (dual_matte.cpp).
#include "pipeline/cutout.hpp"
#include "pipeline/dual_matte.hpp"

#include <opencv2/core.hpp>

namespace facet {

struct SpillRims {
    cv::Mat rims;         // rim candidates away from any transmitting stone (CV_8UC1)
    cv::Mat besideStone;  // rim candidates with a stone's transmission nearby: a bezel, or the stone's own rim
    bool empty() const { return rims.empty(); }  // nothing to settle (besideStone needs rims to measure)
};

// The rim candidates in a tile's triangulated alpha where `sameHue` (CV_8UC1) says hue cannot
// tell, before asking the front shot; empty when there are none, so most tiles never pay for
// the single-shot matte that settles them.
SpillRims spillRimCandidates(const cv::Mat& alpha, const cv::Mat& sameHue);

// Settles the candidates the front shot (C1 against its plate P1) sees as solid metal, and the
// partly covered pixels beside them, in out.alpha and out.spill.
void settleSpillOnRims(const cv::Mat& C1, const cv::Mat& P1, const cv::Vec3f& sigma1, const CutoutParams& params,
                       const SpillRims& candidates, const cv::Mat& sameHue, DualMatte& out);

}  // namespace facet
