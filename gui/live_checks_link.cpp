#include "gui/live_checks_link.hpp"

#include "pipeline/checks/live_checks.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace facet::station {

namespace {

Verdict fromChecks(checks::Verdict v) {
    switch (v) {
        case checks::Verdict::Ok: return Verdict::Ok;
        case checks::Verdict::Warn: return Verdict::Warn;
        case checks::Verdict::Fail: return Verdict::Fail;
    }
    return Verdict::Unknown;
}

// The profile's limits where the two structs share a meaning; the checks' defaults elsewhere.
checks::CheckThresholds thresholdsFrom(const CheckThresholds& p) {
    checks::CheckThresholds t;
    t.focusWarnEdgeWidthPx = p.focusMaxEdgeWidthPx;
    t.exposureHighlightMin = p.exposureHighlightMin;
    t.edgeContrastMin = p.edgeContrastMin;
    t.backgroundWarnDeltaE = p.backgroundMaxDeltaE;
    return t;
}

}  // namespace

struct LiveChecksLink::Impl {
    checks::LiveChecks checks;
    explicit Impl(const CheckThresholds& t) : checks(thresholdsFrom(t)) {}
};

LiveChecksLink::LiveChecksLink(const CheckThresholds& t) : impl_(std::make_unique<Impl>(t)) {}
LiveChecksLink::~LiveChecksLink() = default;

void LiveChecksLink::run(const cv::Mat& frame, const cv::Mat& matte, const cv::Mat& plate, LiveSnapshot& out) {
    checks::CheckInput in;
    in.frame = frame;
    in.matte = matte;
    if (!plate.empty() && plate.size() == frame.size() && plate.type() == frame.type()) in.plate = plate;
    const checks::ChecksReport& r = impl_->checks.run(in);
    out.checksAvailable = true;
    out.checks = {
        {"Focus", fromChecks(r.focus.verdict), r.focus.message},
        {"Exposure", fromChecks(r.lighting.verdict), r.lighting.message},
        {"Edge contrast", fromChecks(r.edgeContrast.verdict), r.edgeContrast.message},
        {"Resolution", fromChecks(r.resolution.verdict), r.resolution.message},
        {"Background", fromChecks(r.background.verdict), r.background.message},
    };
    const float s = float(r.fullPerAnalysis);
    out.edgeSegments.clear();
    std::vector<cv::Point> simplified;
    for (const auto& seg : r.edgeContrast.segments) {
        if (!seg.measured || seg.points.size() < 2) continue;
        cv::approxPolyDP(seg.points, simplified, 0.5, false);
        OutlineSegment line{{}, fromChecks(seg.verdict)};
        for (const auto& p : simplified) line.points.push_back(cv::Point2f(p) * s);
        out.edgeSegments.push_back(std::move(line));
    }
    out.thinStructures.clear();
    // The thinnest few are enough to point at; every ridge point would bury the piece in boxes.
    std::vector<checks::ThinSpot> spots = r.resolution.thinSpots;
    std::sort(spots.begin(), spots.end(), [](const auto& a, const auto& b) { return a.widthPx < b.widthPx; });
    if (spots.size() > 8) spots.resize(8);
    for (const auto& spot : spots) {
        const int half = 5;
        out.thinStructures.push_back({cv::Rect(int(spot.at.x * s) - half, int(spot.at.y * s) - half, 2 * half, 2 * half),
                                      "thin: " + std::to_string(spot.widthPx).substr(0, 4) + " px",
                                      fromChecks(r.resolution.verdict)});
    }
    out.otherMarks.clear();
    for (const auto& box : r.lighting.blownBoxes)
        out.otherMarks.push_back({cv::Rect(int(box.x * s), int(box.y * s), int(box.width * s), int(box.height * s)),
                                  "blown metal", Verdict::Warn});
}

}  // namespace facet::station
