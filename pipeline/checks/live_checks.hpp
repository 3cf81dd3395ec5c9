#pragma once
// All checks on one frame, for every live-view frame and every capture. A LiveChecks object
// keeps the analysis buffers of every check between frames, so the live loop allocates
// nothing it can reuse; the overlays in the report are those buffers (valid until the next run).
#include "pipeline/checks/background_check.hpp"
#include "pipeline/checks/background_stats.hpp"
#include "pipeline/checks/check_frame.hpp"
#include "pipeline/checks/check_thresholds.hpp"
#include "pipeline/checks/edge_contrast_check.hpp"
#include "pipeline/checks/focus_check.hpp"
#include "pipeline/checks/lighting_check.hpp"
#include "pipeline/checks/resolution_check.hpp"

namespace facet::checks {

struct ChecksReport {
    FocusResult focus;
    LightingResult lighting;          // "exposure" in the JSON report
    EdgeContrastResult edgeContrast;
    ResolutionResult resolution;
    BackgroundResult background;
    BackgroundStats backgroundStats;  // the velvet of this frame (to build a collection reference)
    Verdict overall = Verdict::Ok;
    cv::Size analysisSize;            // overlays and segment points are in these px
    double fullPerAnalysis = 1;       // frame px per analysis px
};

class LiveChecks {
public:
    // analysisLongEdgePx: larger frames (captures) are reduced to this for every check but
    // resolution, which measures the full-resolution matte around the thin parts it finds.
    explicit LiveChecks(CheckThresholds thresholds = {}, int analysisLongEdgePx = 2048);

    // reference: the collection's velvet (optional). strictCollection: a mismatch marks the
    // capture non-conforming. The focus history is updated with this frame after it is judged.
    const ChecksReport& run(const CheckInput& in, const BackgroundStats* reference = nullptr,
                            bool strictCollection = false);

    FocusHistory& focusHistory() { return history_; }  // reset it when the piece changes
    const CheckThresholds& thresholds() const { return thresholds_; }
    void setThresholds(const CheckThresholds& t) { thresholds_ = t; }

private:
    CheckThresholds thresholds_;
    int analysisLongEdgePx_;
    CheckFrame frame_;
    BackgroundMeter meter_;
    FocusCheck focus_;
    LightingCheck lighting_;
    EdgeContrastCheck edges_;
    ResolutionCheck resolution_;
    FocusHistory history_;
    ChecksReport report_;
};

}  // namespace facet::checks
