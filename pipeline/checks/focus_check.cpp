#include "pipeline/checks/focus_check.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace facet::checks {

namespace {

constexpr int kWindowRadius = 6;        // local contrast window: covers blur up to sigma ~3 px
constexpr double kBinPx = 0.05;         // histogram bin of edge widths
constexpr double kSharpestFraction = 0.10;
constexpr double kMaxWidthPx = 2.0 * kWindowRadius;

double percentileFromHistogram(const std::vector<int>& h, int count, double fraction) {
    if (count == 0) return 0;
    const int half = std::max(1, int(std::ceil(count * fraction)));
    int cum = 0;
    for (size_t i = 0; i < h.size(); ++i) {
        cum += h[i];
        if (cum >= half) return (i + 0.5) * kBinPx;
    }
    return kMaxWidthPx;
}

}  // namespace

void FocusHistory::record(const FocusResult& r) {
    if (!r.measurable) return;
    if (bestEdgeWidthPx <= 0 || r.edgeWidthPx < bestEdgeWidthPx) bestEdgeWidthPx = r.edgeWidthPx;
    ++frames;
}

FocusResult FocusCheck::measure(const CheckFrame& f, const CheckThresholds& t, const FocusHistory* history) {
    FocusResult r;
    peaking_.create(f.size(), CV_8UC1);
    peaking_.setTo(0);
    r.peaking = peaking_;
    if (!f.hasPiece()) {
        r.verdict = Verdict::Warn;
        r.message = "Can't judge focus: no piece found in the frame.";
        return r;
    }
    // Work in the piece's box, grown by the contrast window.
    const cv::Rect box = (f.pieceBox + cv::Size(2 * kWindowRadius + 2, 2 * kWindowRadius + 2) -
                          cv::Point(kWindowRadius + 1, kWindowRadius + 1)) & cv::Rect(cv::Point(), f.size());
    const cv::Mat piece = f.piece(box), luma = f.luma8(box);

    if (kernel_.empty()) kernel_ = cv::getStructuringElement(cv::MORPH_RECT, {3, 3});
    if (window_.empty())
        window_ = cv::getStructuringElement(cv::MORPH_RECT, {2 * kWindowRadius + 1, 2 * kWindowRadius + 1});
    const cv::Mat& window = window_;
    interior_ = boxBuffer(buffers_[0], f.size(), CV_8UC1, box);
    high_ = boxBuffer(buffers_[1], f.size(), CV_8UC1, box);
    low_ = boxBuffer(buffers_[2], f.size(), CV_8UC1, box);
    maxLocal_ = boxBuffer(buffers_[3], f.size(), CV_8UC1, box);
    minLocal_ = boxBuffer(buffers_[4], f.size(), CV_8UC1, box);
    const int minContrast = std::max(1, int(std::lround(t.focusMinEdgeContrast * 255)));
    const cv::Point2d centre(f.pieceBox.x + f.pieceBox.width / 2.0 - box.x, f.pieceBox.y + f.pieceBox.height / 2.0 - box.y);
    // Per side of the piece (left, right, top, bottom): sum of widths and count.
    std::array<double, 4> sideSum{};
    std::array<int, 4> sideCount{};
    auto grad2 = [&](int x, int y) {
        const int v = luma.at<uchar>(y, x);
        const int gx = luma.at<uchar>(y, x + 1) - v, gy = luma.at<uchar>(y + 1, x) - v;
        return gx * gx + gy * gy;
    };

    // interior: edges well inside the matte, contrast over piece pixels only (velvet pushed to
    // the neutral end of each filter). silhouette: for pieces too thin to have an inside (fine
    // chain, filigree), the outline itself, which defocus blurs just the same.
    auto scan = [&](bool silhouette) {
        peaking_.setTo(0);
        histogram_.assign(size_t(kMaxWidthPx / kBinPx) + 1, 0);
        sideSum.fill(0);
        sideCount.fill(0);
        if (silhouette) {
            piece.copyTo(interior_);
            cv::dilate(luma, maxLocal_, window);
            cv::erode(luma, minLocal_, window);
        } else {
            cv::erode(piece, interior_, kernel_, {-1, -1}, std::max(0, t.focusInteriorErodePx));
            cv::bitwise_and(luma, piece, high_);
            cv::bitwise_not(piece, low_);
            cv::bitwise_or(luma, low_, low_);
            // Isolated: the buffers around this box hold an older frame.
            cv::dilate(high_, maxLocal_, window, {-1, -1}, 1, cv::BORDER_CONSTANT | cv::BORDER_ISOLATED);
            cv::erode(low_, minLocal_, window, {-1, -1}, 1, cv::BORDER_CONSTANT | cv::BORDER_ISOLATED);
        }
        int count = 0;
        for (int y = 1; y < box.height - 2; ++y) {
            const uchar* in = interior_.ptr<uchar>(y);
            const uchar* L = luma.ptr<uchar>(y);
            const uchar* Ld = luma.ptr<uchar>(y + 1);
            const uchar* hi = maxLocal_.ptr<uchar>(y);
            const uchar* lo = minLocal_.ptr<uchar>(y);
            uchar* peak = peaking_.ptr<uchar>(y + box.y) + box.x;
            for (int x = 1; x < box.width - 2; ++x) {
                if (!in[x]) continue;
                const int gx = L[x + 1] - L[x], gy = Ld[x] - L[x];
                const int g2 = gx * gx + gy * gy;
                const int contrast = hi[x] - lo[x];
                if (contrast < minContrast || g2 * kMaxWidthPx * kMaxWidthPx < double(contrast) * contrast) continue;
                // Keep only the crest of the edge (non-maximum suppression along the gradient's axis).
                if (std::abs(gx) >= std::abs(gy)) {
                    if (g2 < grad2(x - 1, y) || g2 < grad2(x + 1, y)) continue;
                } else {
                    if (g2 < grad2(x, y - 1) || g2 < grad2(x, y + 1)) continue;
                }
                const double width = contrast / std::sqrt(double(g2));
                histogram_[std::min(histogram_.size() - 1, size_t(width / kBinPx))]++;
                ++count;
                const int side = std::abs(x - centre.x) * box.height >= std::abs(y - centre.y) * box.width
                                     ? (x < centre.x ? 0 : 1)
                                     : (y < centre.y ? 2 : 3);
                sideSum[side] += width;
                sideCount[side]++;
                if (width <= t.focusWarnEdgeWidthPx) peak[x] = 255;
            }
        }
        return count;
    };
    int count = scan(false);
    if (count < t.focusMinEdgeSamples) {
        r.fromOutline = true;
        count = scan(true);
    }
    r.edgeSamples = count;
    r.measurable = count >= t.focusMinEdgeSamples;
    r.edgeWidthPx = percentileFromHistogram(histogram_, count, kSharpestFraction);

    if (!r.measurable) {
        r.verdict = Verdict::Warn;
        r.message = "Can't judge focus: the piece shows only " + std::to_string(count) +
                    " measurable edges. Check that the matte covers the piece, or light it to bring out its detail.";
        return r;
    }

    // Is one side much softer than the opposite one (depth of field, a tilted piece)?
    static const char* sideNames[4] = {"left", "right", "top", "bottom"};
    double worstRatio = 1;
    for (int a = 0; a < 4; a += 2) {
        const int b = a + 1;
        if (sideCount[a] < t.focusMinEdgeSamples || sideCount[b] < t.focusMinEdgeSamples) continue;
        const double ma = sideSum[a] / sideCount[a], mb = sideSum[b] / sideCount[b];
        const double ratio = std::max(ma, mb) / std::min(ma, mb);
        if (ratio > 1.3 && ratio > worstRatio) {
            worstRatio = ratio;
            r.softestSide = sideNames[ma > mb ? a : b];
        }
    }

    std::vector<Finding> findings;
    const std::string width = formatNumber("%.1f", r.edgeWidthPx);
    if (r.edgeWidthPx >= t.focusWarnEdgeWidthPx) {
        Finding fd{r.edgeWidthPx >= t.focusFailEdgeWidthPx ? Verdict::Fail : Verdict::Warn, "soft",
                   "The piece is soft: its edges are " + width + " px wide (sharp is under " +
                       formatNumber("%.1f", t.focusWarnEdgeWidthPx) +
                       " px). Refocus on the piece itself (autofocus on velvet often locks on the fibre), "
                       "or check for camera shake."};
        if (!r.softestSide.empty())
            fd.message += " The " + r.softestSide + " of the piece is softest: stop down for more depth of field or focus-stack.";
        findings.push_back(fd);
    }
    if (history && history->bestEdgeWidthPx > 0) {
        r.bestEdgeWidthPx = history->bestEdgeWidthPx;
        r.softerThanBestPercent = std::max(0.0, (r.edgeWidthPx / r.bestEdgeWidthPx - 1.0) * 100.0);
        if (r.softerThanBestPercent >= t.focusWarnSofterPercent)
            findings.push_back({r.softerThanBestPercent >= t.focusFailSofterPercent ? Verdict::Fail : Verdict::Warn,
                                "softer-than-best",
                                formatNumber("%.0f", r.softerThanBestPercent) + " % softer than your best frame of this piece (" +
                                    width + " px edges against " + formatNumber("%.1f", r.bestEdgeWidthPx) + " px): refocus."});
    }
    r.verdict = worstVerdict(findings);
    r.message = joinMessages(findings, "In focus: the piece's edges are " + width + " px wide.");
    return r;
}

FocusResult checkFocus(const CheckInput& in, const CheckThresholds& t, const FocusHistory* history) {
    CheckFrame frame;
    frame.prepare(in);
    FocusCheck check;
    return check.measure(frame, t, history);
}

}  // namespace facet::checks
