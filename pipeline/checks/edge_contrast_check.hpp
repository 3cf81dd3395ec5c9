#pragma once
// Edge contrast: how well the piece stands out from the velvet along its outline. Where the
// step from piece to velvet is small, the matte has nothing to separate and the retoucher
// ends up drawing that edge by hand.
//
// The outline (the matte's contours at 0.5) is walked in ~36 segments of equal arc length. Per
// segment the piece side (2-3 px inside, along the normal) is compared with the velvet side
// (3-5 px outside) in linear luminance. Weak segments are named by where they are and why:
// the velvet side got brighter (spill light) or the piece side is dark (needs fill).
#include "pipeline/checks/check_frame.hpp"
#include "pipeline/checks/check_result.hpp"
#include "pipeline/checks/check_thresholds.hpp"

#include <vector>

namespace facet::checks {

struct EdgeSegment {
    std::vector<cv::Point> points;  // the outline piece, analysis px (for drawing)
    cv::Rect box;                   // its bounding box in frame px
    double pieceLuminance = 0;      // linear, median of the piece side
    double backgroundLuminance = 0; // linear, median of the velvet side
    double contrast = 0;            // |piece - background|, linear
    bool measured = false;          // enough clean samples on both sides
    Verdict verdict = Verdict::Ok;
    std::string side;               // "left", "top-right", ... of the piece
    int clock = 12;                 // clock position around the piece
    std::string cause;              // weak only: "spill" (velvet side brighter) or "dark-piece"
};

struct EdgeContrastResult {
    double weakestContrast = 0;     // score: the weakest measured segment's |piece - velvet|, linear
    double medianContrast = 0;      // over measured segments
    std::vector<EdgeSegment> segments;
    int weakSegments = 0;
    Verdict verdict = Verdict::Ok;
    std::string message;
};

class EdgeContrastCheck {
public:
    EdgeContrastResult measure(const CheckFrame& frame, const CheckThresholds& t);

private:
    std::vector<std::vector<cv::Point>> contours_;
    std::vector<float> pieceSamples_, velvetSamples_;
};

EdgeContrastResult checkEdgeContrast(const CheckInput& in, const CheckThresholds& t = {});

}  // namespace facet::checks
