#pragma once
// Focus on the piece, not the velvet. Velvet fibre is sharp high-frequency texture right
// under the piece; counting it would call a frame sharp when autofocus locked on the cloth.
// So only the piece's own edges count: pixels well inside the matte (eroded away from the
// silhouette), with the local contrast taken over piece pixels only.
//
// Score: the 10-90 % rise distance of the piece's sharpest edges (px of the analysis image),
// estimated per edge crest as (local contrast) / (gradient) and taken at the 10th percentile:
// metal's smooth shading makes wide "edges" everywhere, focus shows in the narrow ones (glints,
// facets, engraving). It grows monotonically with optical blur: a step blurred by a Gaussian
// of sigma s gives about 2.5 s. Pieces too thin to have an inside (fine chain, filigree) are
// judged on their outline instead (fromOutline).
#include "pipeline/checks/check_frame.hpp"
#include "pipeline/checks/check_result.hpp"
#include "pipeline/checks/check_thresholds.hpp"

namespace facet::checks {

struct FocusResult {
    double edgeWidthPx = 0;     // score: 10-90 % width of the sharpest edges (10th pct), analysis px; lower is sharper
    int edgeSamples = 0;        // edge pixels measured
    bool measurable = false;    // enough edges on the piece to judge
    bool fromOutline = false;   // judged on the outline: the piece has too little inside
    double bestEdgeWidthPx = 0; // best (narrowest) of the same piece this session; 0 = none yet
    double softerThanBestPercent = 0;  // (edgeWidth / best - 1) * 100
    std::string softestSide;    // where the piece is softest when it varies across it ("left"), or ""
    Verdict verdict = Verdict::Ok;
    std::string message;
    cv::Mat peaking;            // CV_8UC1 analysis size: 255 on the piece's sharp edges (focus peaking)
};

// The best focus seen for the same piece this session. The caller resets it when the piece
// changes; "40 % softer than your best frame" needs the same piece at the same framing.
struct FocusHistory {
    double bestEdgeWidthPx = 0;  // 0 = nothing recorded
    int frames = 0;
    void record(const FocusResult& r);
    void reset() { *this = FocusHistory{}; }
};

class FocusCheck {
public:
    // The result's `peaking` is a buffer of this object: valid until the next call.
    FocusResult measure(const CheckFrame& frame, const CheckThresholds& t, const FocusHistory* history = nullptr);

private:
    cv::Mat interior_, high_, low_, maxLocal_, minLocal_, peaking_, kernel_;
    std::vector<int> histogram_;
};

// One-off convenience (allocates).
FocusResult checkFocus(const CheckInput& in, const CheckThresholds& t = {}, const FocusHistory* history = nullptr);

}  // namespace facet::checks
