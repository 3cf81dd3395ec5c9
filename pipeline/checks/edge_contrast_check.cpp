#include "pipeline/checks/edge_contrast_check.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace facet::checks {

namespace {

constexpr int kMinContourPx = 16;   // shorter outlines are specks, not the piece
constexpr int kTangentSpan = 3;     // points either side for the outline's direction
constexpr int kPointStep = 3;       // every third outline point is sampled (~25 per segment)
constexpr float kInside[] = {2.0f, 3.0f};
constexpr float kOutside[] = {3.0f, 4.0f, 5.0f};
constexpr float kPieceAlpha = 0.75f, kVelvetAlpha = 0.05f;
constexpr double kRelativeWeak = 0.4;  // a segment under 40 % of the median contrast is weak too
// Velvet this much brighter beside a segment than along the rest of the outline is lit by spill:
// its fibre texture grows with it and swamps faint edges, even where the linear step survives.
constexpr double kSpillRatio = 1.35;

double median(std::vector<float>& v) {
    if (v.empty()) return 0;
    auto mid = v.begin() + v.size() / 2;
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

}  // namespace

EdgeContrastResult EdgeContrastCheck::measure(const CheckFrame& f, const CheckThresholds& t) {
    EdgeContrastResult r;
    if (!f.hasPiece()) {
        r.verdict = Verdict::Warn;
        r.message = "Can't judge edge contrast: no piece found in the frame.";
        return r;
    }
    contours_.clear();
    cv::findContours(f.piece(f.pieceBox), contours_, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE, f.pieceBox.tl());
    double total = 0;
    for (const auto& c : contours_)
        if (int(c.size()) >= kMinContourPx) total += double(c.size());
    const int wanted = std::clamp(t.edgeSegments, 1, 256);
    const double segmentLength = std::max(double(kMinContourPx), total / wanted);
    const cv::Point2d centre(f.pieceBox.x + f.pieceBox.width / 2.0, f.pieceBox.y + f.pieceBox.height / 2.0);
    const double s = f.fullPerAnalysis;

    for (const auto& c : contours_) {
        const int n = int(c.size());
        if (n < kMinContourPx) continue;
        const int pieces = std::max(1, int(std::lround(n / segmentLength)));
        for (int k = 0; k < pieces; ++k) {
            const int begin = k * n / pieces, end = (k + 1) * n / pieces;
            EdgeSegment seg;
            seg.points.assign(c.begin() + begin, c.begin() + end);
            pieceSamples_.clear();
            velvetSamples_.clear();
            for (int i = begin; i < end; i += kPointStep) {
                const cv::Point2f p(c[i]);
                const cv::Point2f d = cv::Point2f(c[(i + kTangentSpan) % n] - c[(i - kTangentSpan + n) % n]);
                const float len = std::hypot(d.x, d.y);
                if (len < 1e-3f) continue;
                cv::Point2f out(d.y / len, -d.x / len);
                // Point the normal at the velvet whichever way the contour runs.
                if (f.alphaAt(p + 2.5f * out) > f.alphaAt(p - 2.5f * out)) out = -out;
                for (float dIn : kInside) {
                    const cv::Point2f q = p - dIn * out;
                    if (f.alphaAt(q) >= kPieceAlpha) pieceSamples_.push_back(f.luminanceAt(q));
                }
                for (float dOut : kOutside) {
                    const cv::Point2f q = p + dOut * out;
                    if (q.x < 0 || q.y < 0 || q.x > f.size().width - 1 || q.y > f.size().height - 1) continue;
                    if (f.alphaAt(q) <= kVelvetAlpha) velvetSamples_.push_back(f.luminanceAt(q));
                }
            }
            const cv::Rect box = cv::boundingRect(seg.points);
            seg.box = cv::Rect(int(std::floor(box.x * s)), int(std::floor(box.y * s)),
                               int(std::ceil(box.width * s)), int(std::ceil(box.height * s)));
            const cv::Point2d mid(box.x + box.width / 2.0, box.y + box.height / 2.0);
            seg.side = sideName(mid - centre);
            seg.clock = clockPosition(mid - centre);
            seg.measured = pieceSamples_.size() >= 3 && velvetSamples_.size() >= 3;
            if (seg.measured) {
                seg.pieceLuminance = median(pieceSamples_);
                seg.backgroundLuminance = median(velvetSamples_);
                seg.contrast = std::abs(seg.pieceLuminance - seg.backgroundLuminance);
            }
            r.segments.push_back(std::move(seg));
        }
    }

    std::vector<float> contrasts, pieceLevels, velvetLevels;
    for (const auto& seg : r.segments)
        if (seg.measured) {
            contrasts.push_back(float(seg.contrast));
            pieceLevels.push_back(float(seg.pieceLuminance));
            velvetLevels.push_back(float(seg.backgroundLuminance));
        }
    if (contrasts.empty()) {
        r.verdict = Verdict::Warn;
        r.message = "Can't judge edge contrast: no clean stretch of outline with velvet beside it.";
        return r;
    }
    r.medianContrast = median(contrasts);
    const double typicalPiece = median(pieceLevels), typicalVelvet = median(velvetLevels);
    r.weakestContrast = *std::min_element(contrasts.begin(), contrasts.end());

    // Weak segments, grouped by side for the message.
    struct SideSummary { int spill = 0, dark = 0, count = 0; double weakest = 1e9; int clock = 12; };
    std::map<std::string, SideSummary> bySide;
    int failing = 0;
    for (auto& seg : r.segments) {
        if (!seg.measured) continue;
        const bool spilled = seg.backgroundLuminance > kSpillRatio * typicalVelvet;
        const bool low = seg.contrast < t.edgeContrastMin || seg.contrast < kRelativeWeak * r.medianContrast;
        if (!low && !spilled) continue;
        seg.verdict = seg.contrast < t.edgeContrastFail ? Verdict::Fail : Verdict::Warn;
        failing += seg.verdict == Verdict::Fail;
        // Did the velvet get brighter, or is the piece darker, than along the rest of the outline?
        const double velvetRise = seg.backgroundLuminance - typicalVelvet;
        const double pieceDrop = typicalPiece - seg.pieceLuminance;
        seg.cause = spilled && (velvetRise > pieceDrop || !low) ? "spill" : "dark-piece";
        ++r.weakSegments;
        SideSummary& sum = bySide[seg.side];
        ++sum.count;
        (seg.cause == "spill" ? sum.spill : sum.dark)++;
        if (seg.contrast < sum.weakest) { sum.weakest = seg.contrast; sum.clock = seg.clock; }
    }
    if (r.weakSegments == 0) {
        r.verdict = Verdict::Ok;
        r.message = "The piece stands out all around its outline (weakest step " + formatNumber("%.3f", r.weakestContrast) + ").";
        return r;
    }
    r.verdict = failing > t.edgeMaxFailingSegments || r.weakSegments > t.edgeMaxWeakSegmentsBeforeFail ? Verdict::Fail
                                                                                                       : Verdict::Warn;
    std::vector<std::pair<std::string, SideSummary>> sides(bySide.begin(), bySide.end());
    std::sort(sides.begin(), sides.end(), [](auto& a, auto& b) { return a.second.count > b.second.count; });
    for (const auto& [side, sum] : sides) {
        if (!r.message.empty()) r.message += " ";
        r.message += "Weak edge contrast on the " + side + " of the piece (" + std::to_string(sum.clock) + " o'clock, " +
                     std::to_string(sum.count) + (sum.count == 1 ? " segment" : " segments") + "): ";
        r.message += sum.spill >= sum.dark
                         ? "the velvet there is lit by spill; flag the light on the " + side + " off the background."
                         : "the piece is dark there; raise the fill on the " + side + ".";
    }
    return r;
}

EdgeContrastResult checkEdgeContrast(const CheckInput& in, const CheckThresholds& t) {
    CheckFrame frame;
    frame.prepare(in);
    EdgeContrastCheck check;
    return check.measure(frame, t);
}

}  // namespace facet::checks
