#include "pipeline/checks/live_checks.hpp"

namespace facet::checks {

LiveChecks::LiveChecks(CheckThresholds thresholds, int analysisLongEdgePx)
    : thresholds_(thresholds), analysisLongEdgePx_(analysisLongEdgePx) {}

const ChecksReport& LiveChecks::run(const CheckInput& in, const BackgroundStats* reference, bool strict) {
    frame_.prepare(in, analysisLongEdgePx_);
    ChecksReport& r = report_;
    r.analysisSize = frame_.size();
    r.fullPerAnalysis = frame_.fullPerAnalysis;
    r.backgroundStats = meter_.measure(frame_);
    const BackgroundStats* plate = frame_.plateBgr8.empty() ? nullptr : &meter_.measurePlate(frame_);
    r.focus = focus_.measure(frame_, thresholds_, &history_);
    history_.record(r.focus);
    r.lighting = lighting_.measure(frame_, r.backgroundStats, thresholds_);
    r.edgeContrast = edges_.measure(frame_, thresholds_);
    r.resolution = resolution_.measure(frame_, thresholds_);
    r.background = compareBackground(r.backgroundStats, reference, plate, thresholds_, strict);
    r.overall = worse(worse(r.focus.verdict, r.lighting.verdict),
                      worse(worse(r.edgeContrast.verdict, r.resolution.verdict), r.background.verdict));
    return r;
}

}  // namespace facet::checks
