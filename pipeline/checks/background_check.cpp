#include "pipeline/checks/background_check.hpp"

#include "pipeline/checks/colour_difference.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace facet::checks {

namespace {

std::string brighterOrDarker(double percent) {
    return formatNumber("%.0f", std::abs(percent)) + (percent >= 0 ? " % brighter" : " % darker");
}

void compareWithReference(const BackgroundStats& f, const BackgroundStats& ref, const CheckThresholds& t,
                          BackgroundResult& r) {
    CV_Assert(f.gridCols == ref.gridCols && f.gridRows == ref.gridRows);
    r.compared = true;
    r.lightnessDriftPercent = ref.luminance > 0 ? (f.luminance / ref.luminance - 1.0) * 100.0 : 0;
    r.deltaE2000 = deltaE2000(f.lab, ref.lab);
    const double eps = 1e-6;
    const double bg = std::log((f.meanBgr[0] + eps) / (f.meanBgr[1] + eps)) - std::log((ref.meanBgr[0] + eps) / (ref.meanBgr[1] + eps));
    const double rg = std::log((f.meanBgr[2] + eps) / (f.meanBgr[1] + eps)) - std::log((ref.meanBgr[2] + eps) / (ref.meanBgr[1] + eps));
    r.chromaShiftPercent = (std::exp(std::max(std::abs(bg), std::abs(rg))) - 1.0) * 100.0;
    const double da = f.lab[1] - ref.lab[1], db = f.lab[2] - ref.lab[2];

    const std::vector<float> now = f.relativeLightness(), then = ref.relativeLightness();
    int worst = -1;
    for (size_t i = 0; i < now.size(); ++i) {
        if (!std::isfinite(now[i]) || !std::isfinite(then[i]) || then[i] <= 0) continue;
        const double change = (now[i] / then[i] - 1.0) * 100.0;
        if (worst < 0 || std::abs(change) > std::abs(r.evennessChangePercent)) {
            r.evennessChangePercent = change;
            worst = int(i);
        }
    }
    if (worst >= 0) {
        const double u = (worst % f.gridCols + 0.5) / f.gridCols - 0.5, v = (worst / f.gridCols + 0.5) / f.gridRows - 0.5;
        r.evennessSide = sideName({u, v});
    }

    const double drift = r.lightnessDriftPercent;
    if (std::abs(drift) >= t.backgroundWarnLightnessPercent)
        r.findings.push_back({std::abs(drift) >= t.backgroundFailLightnessPercent ? Verdict::Fail : Verdict::Warn, "lightness",
                              "The background is " + brighterOrDarker(drift) + " than the collection: " +
                                  (drift > 0 ? "spill light on the velvet, a different velvet, or more exposure."
                                             : "a light is off or weaker, a different velvet, or less exposure.")});
    // The colour finding judges colour alone: ΔE2000 at equal lightness (the lightness drift
    // has its own finding).
    const cv::Vec3d sameLightness(ref.lab[0], f.lab[1], f.lab[2]);
    const double colourOnly = deltaE2000(sameLightness, ref.lab);
    const bool colourMoved = colourOnly >= t.backgroundWarnDeltaE || r.chromaShiftPercent >= t.backgroundWarnChromaShiftPercent;
    if (colourMoved) {
        // On near-black velvet a*/b* barely move; the ratio shift says which way the colour went.
        const double shiftB = bg, shiftR = rg;
        r.hueShift = std::hypot(da, db) > 0.5 ? hueName(da, db)
                     : std::abs(shiftB) > std::abs(shiftR) ? (shiftB > 0 ? "blue" : "yellow")
                                                           : (shiftR > 0 ? "red" : "cyan");
        r.findings.push_back({colourOnly >= t.backgroundFailDeltaE ? Verdict::Fail : Verdict::Warn, "colour",
                              "The background's colour has shifted towards " + r.hueShift + " (ΔE2000 " +
                                  formatNumber("%.1f", r.deltaE2000) + ", " + formatNumber("%.0f", r.chromaShiftPercent) +
                                  " % in colour balance) from the collection: white balance changed, coloured spill, or a "
                                  "different velvet."});
    }
    if (std::abs(r.evennessChangePercent) >= t.backgroundWarnEvennessPercent)
        r.findings.push_back({Verdict::Warn, "evenness",
                              "The " + r.evennessSide + " of the background is " + brighterOrDarker(r.evennessChangePercent) +
                                  " (against the rest) than in the collection: a light moved or spills there."});
}

}  // namespace

BackgroundResult compareBackground(const BackgroundStats& f, const BackgroundStats* ref, const BackgroundStats* plate,
                                   const CheckThresholds& t, bool strict) {
    BackgroundResult r;
    if (!f.valid()) {
        r.verdict = Verdict::Warn;
        r.message = "Can't judge the background: the piece or the matte covers all of the frame.";
        return r;
    }
    if (ref && ref->valid()) compareWithReference(f, *ref, t, r);
    if (plate && plate->valid() && plate->luminance > 0) {
        r.plateCompared = true;
        r.plateDriftPercent = (f.luminance / plate->luminance - 1.0) * 100.0;
        if (std::abs(r.plateDriftPercent) >= t.backgroundWarnLightnessPercent)
            r.findings.push_back({Verdict::Warn, "plate",
                                  "The velvet is " + brighterOrDarker(r.plateDriftPercent) +
                                      " than in the clean plate: the light or exposure changed since the plate; "
                                      "shoot a new plate for a clean matte."});
    }
    r.verdict = worstVerdict(r.findings);
    r.nonConforming = strict && r.compared && r.verdict != Verdict::Ok;
    std::string ok = r.compared ? "The background matches the collection (" + brighterOrDarker(r.lightnessDriftPercent) +
                                      ", ΔE2000 " + formatNumber("%.1f", r.deltaE2000) + ")."
                                : "No collection reference to compare the background with.";
    r.message = joinMessages(r.findings, ok);
    if (r.nonConforming) r.message += " This capture does not conform to the strict collection.";
    return r;
}

}  // namespace facet::checks
