#include "pipeline/dual_matte.hpp"

#include "pipeline/foreground_estimation.hpp"
#include "pipeline/image.hpp"
#include "pipeline/single_shot_matte.hpp"
#include "pipeline/spill_rims.hpp"

#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <vector>

namespace facet {

namespace {

float sum3(const cv::Vec3f& v) { return v[0] + v[1] + v[2]; }

}  // namespace

double estimateFrontLightRatio(const cv::Mat& C1, const cv::Mat& P1, const cv::Mat& C2, const cv::Mat& P2,
                               float noise, double plateGain, double backlitPlateGain) {
    const float g1 = float(plateGain), g2 = float(backlitPlateGain);
    // Opaque candidates: clearly something in front of the dark plate, and most of the
    // backlight blocked. Transmission only adds light, so opaque pixels are the low mode of
    // C2/C1; the mode (not the minimum) resists noise.
    // The sampled rows touch most of four full frames: read on both cores, a list per row,
    // joined in row order.
    const int step = std::max(1, int(std::sqrt(double(C1.total()) / 400000.0)));
    std::vector<std::vector<float>> perRow((C1.rows + step - 1) / step);
    cv::parallel_for_(cv::Range(0, int(perRow.size())), [&](const cv::Range& range) {
        std::vector<cv::Vec3f> scratch1, scratch2;
        for (int i = range.start; i < range.end; ++i) {
            const int y = i * step;
            const cv::Vec3f* c1 = C1.ptr<cv::Vec3f>(y);
            const cv::Vec3f* p1 = plateRow(P1, y, scratch1);
            const cv::Vec3f* c2 = C2.ptr<cv::Vec3f>(y);
            const cv::Vec3f* p2 = plateRow(P2, y, scratch2);
            for (int x = 0; x < C1.cols; x += step) {
                const float l1 = sum3(c1[x]), lp1 = sum3(p1[x] * g1), l2 = sum3(c2[x]), lp2 = sum3(p2[x] * g2);
                const bool inFront = l1 - lp1 > std::max(10.0f * noise, 0.03f) && l1 > 0.05f;
                const bool blocked = l2 < 0.5f * lp2 + 0.5f * l1;
                if (inFront && blocked) perRow[i].push_back(l2 / l1);
            }
        }
    });
    std::vector<float> ratios;
    for (const auto& row : perRow) ratios.insert(ratios.end(), row.begin(), row.end());
    if (ratios.size() < 50) return 1.0;
    std::sort(ratios.begin(), ratios.end());
    // Opaque pixels hold the lowest ratios: transmission adds backlight, and spill on metal
    // rims adds light that looks like more front light. The lowest peak is k when the piece
    // has enough metal away from its rims; a piece that is all stones and thin settings (a
    // tennis bracelet) may have none, and then the low tail of the ratios is the best witness.
    constexpr int kBins = 120;
    std::vector<int> hist(kBins, 0);
    for (float r : ratios)
        if (r < 1.2f) hist[std::max(0, int(r / 1.2f * kBins))]++;
    std::vector<int> smooth(kBins, 0);
    for (int i = 0; i < kBins; ++i)
        for (int j = std::max(0, i - 1); j <= std::min(kBins - 1, i + 1); ++j) smooth[i] += hist[j];
    const int highest = *std::max_element(smooth.begin(), smooth.end());
    int best = -1;
    for (int i = 0; i < kBins && best < 0; ++i) {
        const bool peak = (i == 0 || smooth[i] >= smooth[i - 1]) && (i + 1 == kBins || smooth[i] >= smooth[i + 1]);
        if (peak && smooth[i] >= highest / 4 && smooth[i] >= 30) best = i;
    }
    const float lowTail = ratios[ratios.size() / 50];  // 2nd percentile
    if (best < 0) return std::clamp(double(lowTail), 0.0, 1.0);
    const float centre = (best + 0.5f) * 1.2f / kBins;
    auto lo = std::lower_bound(ratios.begin(), ratios.end(), centre - 0.03f);
    auto hi = std::upper_bound(ratios.begin(), ratios.end(), centre + 0.03f);
    const float peakRatio = hi - lo < 10 ? centre : *(lo + (hi - lo) / 2);
    // A peak well above the low tail is spilled metal or stones, not opaque metal.
    return std::clamp(double(peakRatio - lowTail > 0.06f ? lowTail : peakRatio), 0.0, 1.0);
}

namespace {

// Backlight and spill must differ in hue by this much to be told apart (sin^2 of ~6 deg).
constexpr float kSeparableSin2 = 0.01f;

// Front light a pixel shows over the plate, enough to read the metal's colour from.
bool litMetal(const cv::Vec3f& shown, const cv::Vec3f& shot, float noise) {
    return sum3(shown) >= 0.05f * sum3(shot) + 6.0f * noise;
}

// The colour of the opaque lit metal of the tile (a sum: only its direction counts): the
// pixels the front light shows and the backlight does not pass (through < kOpaqueThrough, so
// no stone). Zero when the tile has none.
cv::Vec3f litMetalColour(const cv::Mat& C1, const cv::Mat& P1, const cv::Mat& C2, const cv::Mat& P2, float k,
                         float noise) {
    constexpr float kOpaqueThrough = 0.1f;
    cv::Vec3f sum(0, 0, 0);
    for (int y = 0; y < C1.rows; ++y) {
        const cv::Vec3f *c1 = C1.ptr<cv::Vec3f>(y), *p1 = P1.ptr<cv::Vec3f>(y);
        const cv::Vec3f *c2 = C2.ptr<cv::Vec3f>(y), *p2 = P2.ptr<cv::Vec3f>(y);
        for (int x = 0; x < C1.cols; ++x) {
            const cv::Vec3f shown = c1[x] - p1[x];
            if (!litMetal(shown, c1[x], noise)) continue;
            const cv::Vec3f v = p2[x] - k * p1[x], t = c2[x] - k * c1[x];
            const float vv = v.dot(v);
            if (vv > 1e-8f && t.dot(v) / vv < kOpaqueThrough) sum += shown;
        }
    }
    return sum;
}

// The colour metal gives light it reflects: the front shot's colour at the pixel, unless the
// front shot shows that metal dark (it mirrors the set there): then the brightest lit metal
// within two pixels, the same surface lit; inside a mirror wider than that, the tile's lit metal
// (the same alloy). Without that last witness a mirror's own dark, noisy colour made its spill
// look like transmission (on gold, the mirrors' alpha came out 0.1 low near every edge).
cv::Vec3f metalColourAt(const cv::Mat& C1, const cv::Mat& P1, int x, int y, float noise,
                        const std::function<cv::Vec3f()>& tileMetal) {
    const cv::Vec3f own = C1.at<cv::Vec3f>(y, x) - P1.at<cv::Vec3f>(y, x);
    if (litMetal(own, C1.at<cv::Vec3f>(y, x), noise)) return own;
    cv::Vec3f best = own;
    cv::Point at(x, y);
    for (int v = std::max(0, y - 2); v <= std::min(C1.rows - 1, y + 2); ++v)
        for (int u = std::max(0, x - 2); u <= std::min(C1.cols - 1, x + 2); ++u) {
            const cv::Vec3f q = C1.at<cv::Vec3f>(v, u) - P1.at<cv::Vec3f>(v, u);
            if (sum3(q) > sum3(best)) best = q, at = {u, v};
        }
    if (litMetal(best, C1.at<cv::Vec3f>(at), noise)) return best;
    const cv::Vec3f tile = tileMetal();
    return sum3(tile) > 0 ? tile : best;
}

// The per-pixel triangulation: alpha, which pixels are spill (told by hue), which have no
// backlight signal at all, and which look the same in both hues (spill and transmission
// cannot be told apart there). Also returns the mean of P2 - k P1 (the backlight's level).
cv::Vec3d triangulate(const cv::Mat& C1, const cv::Mat& P1, const cv::Mat& C2, const cv::Mat& P2, float k,
                      float noiseT, DualMatte& out, cv::Mat& lowSignal, cv::Mat& sameHue) {
    out.alpha.create(C1.size(), CV_32FC1);
    out.spill.create(C1.size(), CV_8UC1);
    lowSignal.create(C1.size(), CV_8UC1);
    sameHue.create(C1.size(), CV_8UC1);
    cv::Vec3d backlightSum(0, 0, 0);
    // Measured the first time a mirror needs it: most tiles have none.
    std::optional<cv::Vec3f> litColour;
    const std::function<cv::Vec3f()> tileMetal = [&] {
        if (!litColour) litColour = litMetalColour(C1, P1, C2, P2, k, noiseT);
        return *litColour;
    };
    for (int y = 0; y < C1.rows; ++y) {
        const cv::Vec3f* c1 = C1.ptr<cv::Vec3f>(y);
        const cv::Vec3f* p1 = P1.ptr<cv::Vec3f>(y);
        const cv::Vec3f* c2 = C2.ptr<cv::Vec3f>(y);
        const cv::Vec3f* p2 = P2.ptr<cv::Vec3f>(y);
        float* a = out.alpha.ptr<float>(y);
        uchar* sp = out.spill.ptr<uchar>(y);
        uchar* low = lowSignal.ptr<uchar>(y);
        uchar* same = sameHue.ptr<uchar>(y);
        cv::Vec3d rowSum(0, 0, 0);
        for (int x = 0; x < C1.cols; ++x) {
            const cv::Vec3f v = p2[x] - k * p1[x];  // what the backlight adds where nothing blocks it
            const cv::Vec3f t = c2[x] - k * c1[x];  // what it added here
            rowSum += cv::Vec3d(v);
            const float vv = v.dot(v);
            sp[x] = low[x] = same[x] = 0;
            if (vv < 1e-8f) {
                a[x] = 0;
                low[x] = 255;
                continue;
            }
            float through = t.dot(v) / vv;  // 1 - alpha, if all of t is transmission
            // Spill is backlight reflected by the metal: its colour is the metal's times the
            // backlight's. Solve t = through * v + spill * m. (Only where the pixel blocks most of
            // the backlight can it be metal catching spill.)
            const cv::Vec3f metal = through < 0.5f ? metalColourAt(C1, P1, x, y, noiseT, tileMetal) : c1[x] - p1[x];
            const cv::Vec3f m = metal.mul(v);
            const float mm = m.dot(m), vm = v.dot(m);
            const float det = vv * mm - vm * vm;
            if (mm > 1e-10f && det > kSeparableSin2 * vv * mm) {
                const float tv = t.dot(v), tm = t.dot(m);
                const float spill = (vv * tm - vm * tv) / det;
                if (spill * std::sqrt(mm) > 4.0f * noiseT) {
                    through = (mm * tv - vm * tm) / det;
                    sp[x] = 255;
                }
            } else {
                same[x] = 255;
            }
            a[x] = std::clamp(1.0f - through, 0.0f, 1.0f);
        }
        backlightSum += rowSum;
    }
    return backlightSum * (1.0 / double(std::max<size_t>(1, C1.total())));
}

}  // namespace

DualMatte solveDual(const cv::Mat& C1, const cv::Mat& P1, const cv::Mat& C2, const cv::Mat& P2,
                    const cv::Vec3f& sigma1, const cv::Vec3f& sigma2, const CutoutParams& params,
                    double frontLightRatio) {
    CV_Assert(isLinearColour(C1) && isLinearColour(P1) && isLinearColour(C2) && isLinearColour(P2));
    CV_Assert(C1.size() == P1.size() && C1.size() == C2.size() && C1.size() == P2.size());
    DualMatte out;
    const float noise1 = std::sqrt(sigma1.dot(sigma1));
    const float k = float(frontLightRatio >= 0 ? frontLightRatio : estimateFrontLightRatio(C1, P1, C2, P2, noise1));
    out.frontLightRatio = k;

    // Noise of C2 - k C1, for snapping and the spill test.
    const float noiseT = std::sqrt(sigma2.dot(sigma2) + k * k * sigma1.dot(sigma1));
    cv::Mat lowSignal, sameHue;
    const cv::Vec3d backlight = triangulate(C1, P1, C2, P2, k, noiseT, out, lowSignal, sameHue);

    const SpillRims rims = spillRimCandidates(out.alpha, sameHue);
    if (!rims.empty()) settleSpillOnRims(C1, P1, sigma1, params, rims, sameHue, out);

    const float noiseAlpha = std::min(0.05f, 3.0f * noiseT / std::max(1e-4f, float(cv::norm(backlight))));
    snapToNoise(out.alpha, noiseAlpha);
    out.background = out.alpha <= 0.0f;
    if (params.stones == StoneTreatment::Preserve) fillInterior(out.alpha, out.background, params.edgeBandPx);

    // Colour from the front-lit frame.
    cv::Mat seeds(out.alpha.size(), CV_32FC1);
    for (int y = 0; y < seeds.rows; ++y) {
        const float* a = out.alpha.ptr<float>(y);
        float* w = seeds.ptr<float>(y);
        for (int x = 0; x < seeds.cols; ++x) w[x] = a[x] >= 1.0f ? 1.0f : 0.0f;
    }
    cv::Mat estimate = propagateColour(C1, seeds);
    out.foreground = decontaminate(C1, P1, out.alpha, estimate);

    out.confidence.create(C1.size(), CV_32FC1);
    for (int y = 0; y < C1.rows; ++y) {
        const uchar* sp = out.spill.ptr<uchar>(y);
        const uchar* low = lowSignal.ptr<uchar>(y);
        float* c = out.confidence.ptr<float>(y);
        for (int x = 0; x < C1.cols; ++x) c[x] = low[x] ? 0.3f : sp[x] ? 0.7f : 1.0f;
    }
    return out;
}

}  // namespace facet
