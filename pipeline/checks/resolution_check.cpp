#include "pipeline/checks/resolution_check.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace facet::checks {

namespace {

constexpr float kStep = 0.5f;        // px along a chord
constexpr float kExitAlpha = 0.08f;  // below: the chord has left the structure
constexpr int kStructureCode = 77;   // matte >= 0.3 is structure (sub-pixel wires stay in)
constexpr int kRobustRank = 8;       // the thinnest is the 8th narrowest point: one noisy point can't decide
constexpr int kMaxCandidates = 6000;

std::string fmt(const char* f, double a) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, a);
    return buf;
}

// Alpha integral along p + t*u, both ways until the structure is left; negative if still
// inside at maxPx (a long chord: along a wire, or a wide part).
double chordAlong(const cv::Mat& m, cv::Point2f p, cv::Point2f u, double maxPx) {
    double sum = sampleBilinear(m, p) * kStep;
    for (int dir = -1; dir <= 1; dir += 2) {
        bool closed = false;
        for (float t = kStep; t <= maxPx; t += kStep) {
            const cv::Point2f q = p + float(dir) * t * u;
            if (q.x < 0 || q.y < 0 || q.x > m.cols - 1 || q.y > m.rows - 1) { closed = true; break; }
            const float a = sampleBilinear(m, q);
            if (a < kExitAlpha) { closed = true; break; }
            sum += a * kStep;
        }
        if (!closed) return -1;
    }
    return sum;
}

cv::Point2f unit(double angle) { return {float(std::cos(angle)), float(std::sin(angle))}; }

// The point of highest alpha within `radius` along u from p (to start a chord inside the wire).
cv::Point2f crest(const cv::Mat& m, cv::Point2f p, cv::Point2f u, float radius) {
    cv::Point2f best = p;
    float bestA = sampleBilinear(m, p);
    for (float t = -radius; t <= radius; t += kStep) {
        const cv::Point2f q = p + t * u;
        const float a = sampleBilinear(m, q);
        if (a > bestA) { bestA = a; best = q; }
    }
    return best;
}

}  // namespace

double chordWidth(const cv::Mat& m, cv::Point2f p, double maxPx, cv::Point2f* direction) {
    // Coarse: 8 directions; then the neighbours of the best at half the angle.
    double best = -1, bestAngle = 0;
    for (int k = 0; k < 8; ++k) {
        const double a = k * CV_PI / 8;
        const double w = chordAlong(m, p, unit(a), maxPx);
        if (w >= 0 && (best < 0 || w < best)) { best = w; bestAngle = a; }
    }
    if (best < 0) return -1;
    for (double a : {bestAngle - CV_PI / 16, bestAngle + CV_PI / 16}) {
        const double w = chordAlong(m, p, unit(a), maxPx);
        if (w >= 0 && w < best) { best = w; bestAngle = a; }
    }
    if (direction) *direction = unit(bestAngle);
    return best;
}

ResolutionResult ResolutionCheck::measure(const CheckFrame& f, const CheckThresholds& t) {
    ResolutionResult r;
    if (!f.hasPiece()) {
        r.verdict = Verdict::Warn;
        r.message = "Can't judge resolution: no piece found in the frame.";
        return r;
    }
    const double s = f.fullPerAnalysis;            // full px per analysis px
    const double captureScale = f.captureScale;    // capture px per full px
    // Only structures that could be under twice the warn width are measured.
    const double capFull = std::max(4.0, 2.0 * t.resolutionWarnPx / captureScale + 2.0);
    const float dMax = float(std::max(2.0, capFull / s / 2.0 + 1.0));

    const cv::Rect box = (f.pieceBox + cv::Size(4, 4) - cv::Point(2, 2)) & cv::Rect(cv::Point(), f.size());
    cv::threshold(f.alpha8(box), structure_, kStructureCode - 1, 255, cv::THRESH_BINARY);
    cv::distanceTransform(structure_, distance_, cv::DIST_L2, cv::DIST_MASK_3);

    // Ridge of the distance transform: a maximum across at least one axis.
    std::vector<cv::Point>& candidates = candidates_;
    candidates.clear();
    for (int y = 1; y < box.height - 1; ++y) {
        const float* d = distance_.ptr<float>(y);
        const float* up = distance_.ptr<float>(y - 1);
        const float* dn = distance_.ptr<float>(y + 1);
        for (int x = 1 + (y & 1); x < box.width - 1; x += 2) {
            const float v = d[x];
            if (v <= 0 || v > dMax) continue;
            const bool ridge = (v >= d[x - 1] && v >= d[x + 1]) || (v >= up[x] && v >= dn[x]) ||
                               (v >= up[x - 1] && v >= dn[x + 1]) || (v >= up[x + 1] && v >= dn[x - 1]);
            if (ridge) candidates.emplace_back(x + box.x, y + box.y);
        }
    }
    const size_t stride = std::max<size_t>(1, (candidates.size() + kMaxCandidates - 1) / kMaxCandidates);

    const cv::Mat& m = s > 1.0 ? f.fullMatte : f.alpha8;
    widths_.clear();
    for (size_t i = 0; i < candidates.size(); i += stride) {
        const cv::Point2f pa(candidates[i]);
        cv::Point2f p((pa.x + 0.5f) * float(s) - 0.5f, (pa.y + 0.5f) * float(s) - 0.5f);
        if (s > 1.0) {  // the reduced ridge is within half a reduced pixel of the full-res one
            p = crest(m, p, {1, 0}, float(s) / 2);
            p = crest(m, p, {0, 1}, float(s) / 2);
        }
        cv::Point2f u;
        const double w = chordWidth(m, p, capFull, &u);
        if (w <= 0) continue;
        // A wire continues both ways at about the same width; tips and corners don't.
        const cv::Point2f v(-u.y, u.x);
        const float along = float(std::max(1.5, w));
        bool wire = true;
        for (int dir = -1; dir <= 1 && wire; dir += 2) {
            const cv::Point2f q = crest(m, p + float(dir) * along * v, u, float(w));
            const double wq = chordAlong(m, q, u, capFull);
            wire = wq > 0.6 * w && wq < 1.6 * w;
        }
        if (!wire) continue;
        const double widthCapture = w * captureScale;
        widths_.push_back(widthCapture);
        if (widthCapture < t.resolutionWarnPx) r.thinSpots.push_back({pa, widthCapture});
    }
    r.measuredPoints = int(widths_.size());

    if (widths_.empty()) {
        r.thinnestPx = capFull * captureScale;
        r.thinnestIsLowerBound = true;
    } else {
        const size_t rank = std::min(widths_.size(), size_t(kRobustRank)) - 1;
        std::nth_element(widths_.begin(), widths_.begin() + rank, widths_.end());
        r.thinnestPx = widths_[rank];
    }
    if (f.pxPerMm > 0) r.thinnestMm = r.thinnestPx / f.pxPerMm;
    const std::string mm = f.pxPerMm > 0 ? " (" + fmt("%.2f", r.thinnestMm) + " mm)" : "";

    if (r.thinnestIsLowerBound || r.thinnestPx >= t.resolutionWarnPx) {
        r.verdict = Verdict::Ok;
        r.message = (r.thinnestIsLowerBound ? "The finest parts are at least " : "The finest parts are ") +
                    fmt("%.1f", r.thinnestPx) + " px wide" + mm + " in the capture: enough for the matte.";
        return r;
    }
    r.verdict = r.thinnestPx < t.resolutionFailPx ? Verdict::Fail : Verdict::Warn;
    cv::Point2f mean(0, 0);
    for (const auto& spot : r.thinSpots) mean += spot.at;
    std::string where;
    if (!r.thinSpots.empty()) {
        mean *= 1.0f / float(r.thinSpots.size());
        const cv::Point2d centre(f.pieceBox.x + f.pieceBox.width / 2.0, f.pieceBox.y + f.pieceBox.height / 2.0);
        const cv::Point2d off = cv::Point2d(mean) - centre;
        if (std::hypot(off.x / f.pieceBox.width, off.y / f.pieceBox.height) > 0.2) where = " (mostly on the " + sideName(off) + ")";
    }
    r.message = "The thinnest links and wires are " + fmt("%.1f", r.thinnestPx) + " px wide" + mm + where +
                " in the capture, under " + fmt("%.0f", t.resolutionWarnPx) +
                " px: the matte will lose them. Move closer or zoom in.";
    return r;
}

ResolutionResult checkResolution(const CheckInput& in, const CheckThresholds& t) {
    CheckFrame frame;
    frame.prepare(in);
    ResolutionCheck check;
    return check.measure(frame, t);
}

}  // namespace facet::checks
