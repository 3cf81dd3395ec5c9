#include "pipeline/checks/resolution_check.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <type_traits>
#include <cmath>
#include <cstdio>

namespace facet::checks {

namespace {

constexpr float kStep = 0.5f;        // px along a chord
constexpr float kExitAlpha = 0.08f;  // below: the chord has left the structure
constexpr int kStructureCode = 77;   // matte >= 0.3 is structure (sub-pixel wires stay in)
constexpr int kRobustRank = 8;       // the thinnest is the 8th narrowest point: one noisy point can't decide
constexpr int kMaxCandidates = 700;   // ridge points measured per frame, spread evenly

// Bilinear matte 0..1 at a point known to be inside the image (the chords check that first).
template <typename T>
inline float alphaAt(const cv::Mat& m, float x, float y) {
    const int x0 = std::min(int(x), m.cols - 2), y0 = std::min(int(y), m.rows - 2);
    const float fx = x - x0, fy = y - y0;
    const T* r0 = m.ptr<T>(y0) + x0;
    const T* r1 = m.ptr<T>(y0 + 1) + x0;
    const float v = (r0[0] * (1 - fx) + r0[1] * fx) * (1 - fy) + (r1[0] * (1 - fx) + r1[1] * fx) * fy;
    return std::is_same_v<T, uchar> ? v * (1.0f / 255.0f) : v;
}

// Alpha integral along p + t*u, both ways until the structure is left; negative if still
// inside at maxPx (a long chord: along a wire, or a wide part).
template <typename T>
double chordAlongT(const cv::Mat& m, cv::Point2f p, cv::Point2f u, double maxPx) {
    if (p.x < 0 || p.y < 0 || p.x > m.cols - 1 || p.y > m.rows - 1 || m.cols < 2 || m.rows < 2) return -1;
    double sum = alphaAt<T>(m, p.x, p.y) * kStep;
    for (int dir = -1; dir <= 1; dir += 2) {
        bool closed = false;
        for (float t = kStep; t <= maxPx; t += kStep) {
            const float qx = p.x + float(dir) * t * u.x, qy = p.y + float(dir) * t * u.y;
            if (qx < 0 || qy < 0 || qx > m.cols - 1 || qy > m.rows - 1) { closed = true; break; }
            const float a = alphaAt<T>(m, qx, qy);
            if (a < kExitAlpha) { closed = true; break; }
            sum += a * kStep;
        }
        if (!closed) return -1;
    }
    return sum;
}

double chordAlong(const cv::Mat& m, cv::Point2f p, cv::Point2f u, double maxPx) {
    return m.type() == CV_8UC1 ? chordAlongT<uchar>(m, p, u, maxPx) : chordAlongT<float>(m, p, u, maxPx);
}

// Chord directions every 11.25 degrees over half a turn (even indices are the coarse set).
const std::array<cv::Point2f, 16>& directions() {
    static const std::array<cv::Point2f, 16> d = [] {
        std::array<cv::Point2f, 16> a;
        for (int k = 0; k < 16; ++k) a[k] = {float(std::cos(k * CV_PI / 16)), float(std::sin(k * CV_PI / 16))};
        return a;
    }();
    return d;
}

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
    const auto& dirs = directions();
    double best = -1;
    int bestK = 0;
    for (int k = 0; k < 16; k += 2) {
        const double w = chordAlong(m, p, dirs[k], maxPx);
        if (w >= 0 && (best < 0 || w < best)) { best = w; bestK = k; }
    }
    if (best < 0) return -1;
    const int coarse = bestK;
    for (int k : {(coarse + 15) % 16, (coarse + 1) % 16}) {
        const double w = chordAlong(m, p, dirs[k], maxPx);
        if (w >= 0 && w < best) { best = w; bestK = k; }
    }
    if (direction) *direction = dirs[bestK];
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
    // (plus a pixel: a chord must be able to end). On live view of a big sensor that is only
    // the structures under ~2 live px, which keeps the live cost small.
    const double capFull = std::max(2.0, 2.0 * t.resolutionWarnPx / captureScale + 1.0);
    const float dMax = float(std::max(1.5, capFull / s / 2.0 + 1.0));

    const cv::Rect box = (f.pieceBox + cv::Size(4, 4) - cv::Point(2, 2)) & cv::Rect(cv::Point(), f.size());
    structure_ = boxBuffer(structureFull_, f.size(), CV_8UC1, box);
    distance_ = boxBuffer(distanceFull_, f.size(), CV_8UC1, box);
    // The city-block distance, only as far as it matters (up to dMaxL1), by repeated erosion
    // with a cross: a pixel at distance d survives d - 1 erosions. That is enough to find the
    // ridge (the width itself comes from the chords) and far cheaper than a full transform.
    // City-block overstates diagonal distances by up to sqrt(2): the limit is raised to match.
    const int dMaxL1 = int(std::ceil(dMax * 1.42f));
    cv::threshold(f.alpha8(box), structure_, kStructureCode - 1, 1, cv::THRESH_BINARY);
    structure_.copyTo(distance_);
    if (cross_.empty()) cross_ = cv::getStructuringElement(cv::MORPH_CROSS, {3, 3});
    for (int k = 0; k < dMaxL1; ++k) {
        // Isolated: the buffer around this box holds an older frame.
        cv::erode(structure_, structure_, cross_, {-1, -1}, 1, cv::BORDER_CONSTANT | cv::BORDER_ISOLATED, cv::Scalar(0));
        cv::add(distance_, structure_, distance_);
    }

    // Ridge of the distance transform: a maximum across at least one axis.
    std::vector<cv::Point>& candidates = candidates_;
    candidates.clear();
    for (int y = 1; y < box.height - 1; ++y) {
        const uchar* d = distance_.ptr<uchar>(y);
        const uchar* up = distance_.ptr<uchar>(y - 1);
        const uchar* dn = distance_.ptr<uchar>(y + 1);
        for (int x = 1 + (y & 1); x < box.width - 1; x += 2) {
            const int v = d[x];
            if (v == 0 || v > dMaxL1) continue;
            const bool ridge = (v >= d[x - 1] && v >= d[x + 1]) || (v >= up[x] && v >= dn[x]) ||
                               (v >= up[x - 1] && v >= dn[x + 1]) || (v >= up[x + 1] && v >= dn[x - 1]);
            if (ridge) candidates.emplace_back(x + box.x, y + box.y);
        }
    }
    const size_t stride = std::max<size_t>(1, (candidates.size() + kMaxCandidates - 1) / kMaxCandidates);

    const cv::Mat& m = s > 1.0 ? f.fullMatte : f.alpha8;
    widths_.clear();
    // The kRobustRank narrowest wires so far (a max-heap): a wider point that is not thin either
    // cannot change the result, and is not worth the continuation test.
    std::vector<double>& narrowest = narrowest_;
    narrowest.clear();
    int measured = 0;
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
        ++measured;
        const double widthCapture = w * captureScale;
        if (int(narrowest.size()) == kRobustRank && widthCapture >= narrowest.front() && widthCapture >= t.resolutionWarnPx)
            continue;
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
        widths_.push_back(widthCapture);
        narrowest.push_back(widthCapture);
        std::push_heap(narrowest.begin(), narrowest.end());
        if (int(narrowest.size()) > kRobustRank) {
            std::pop_heap(narrowest.begin(), narrowest.end());
            narrowest.pop_back();
        }
        if (widthCapture < t.resolutionWarnPx) r.thinSpots.push_back({pa, widthCapture});
    }
    r.measuredPoints = measured;

    if (widths_.empty()) {
        r.thinnestPx = capFull * captureScale;
        r.thinnestIsLowerBound = true;
    } else {
        const size_t rank = std::min(widths_.size(), size_t(kRobustRank)) - 1;
        std::nth_element(widths_.begin(), widths_.begin() + rank, widths_.end());
        r.thinnestPx = widths_[rank];
    }
    if (f.pxPerMm > 0) r.thinnestMm = r.thinnestPx / f.pxPerMm;
    const std::string mm = f.pxPerMm > 0 ? " (" + formatNumber("%.2f", r.thinnestMm) + " mm)" : "";

    if (r.thinnestIsLowerBound || r.thinnestPx >= t.resolutionWarnPx) {
        r.verdict = Verdict::Ok;
        r.message = (r.thinnestIsLowerBound ? "The finest parts are at least " : "The finest parts are ") +
                    formatNumber("%.1f", r.thinnestPx) + " px wide" + mm + " in the capture: enough for the matte.";
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
    r.message = "The thinnest links and wires are " + formatNumber("%.1f", r.thinnestPx) + " px wide" + mm + where +
                " in the capture, under " + formatNumber("%.0f", t.resolutionWarnPx) +
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
