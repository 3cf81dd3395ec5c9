#include "pipeline/background_evidence.hpp"

#include "pipeline/image.hpp"
#include "pipeline/window_sums.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace facet {

cv::Vec3f residualNoiseSigma(const cv::Mat& residual, const cv::Mat& backgroundMask) {
    CV_Assert(isLinearColour(residual));
    CV_Assert(backgroundMask.empty() || (backgroundMask.type() == CV_8UC1 && backgroundMask.size() == residual.size()));
    // Sample at most ~200k pixels: the median needs no more.
    const int step = std::max(1, int(std::sqrt(double(residual.total()) / 200000.0)));
    std::vector<float> ch[3];
    for (int y = 0; y < residual.rows; y += step) {
        const cv::Vec3f* r = residual.ptr<cv::Vec3f>(y);
        const uchar* m = backgroundMask.empty() ? nullptr : backgroundMask.ptr<uchar>(y);
        for (int x = 0; x < residual.cols; x += step)
            if (!m || m[x])
                for (int k = 0; k < 3; ++k) ch[k].push_back(r[x][k]);
    }
    cv::Vec3f sigma(1e-4f, 1e-4f, 1e-4f);
    for (int k = 0; k < 3; ++k) {
        auto& v = ch[k];
        if (v.size() < 64) continue;
        auto mid = v.begin() + v.size() / 2;
        std::nth_element(v.begin(), mid, v.end());
        const float median = *mid;
        for (auto& e : v) e = std::abs(e - median);
        std::nth_element(v.begin(), mid, v.end());
        sigma[k] = std::max(1e-5f, 1.4826f * *mid);
    }
    return sigma;
}

cv::Mat noiseUnitLuminance(const cv::Mat& colour, const cv::Vec3f& sigma) {
    const float k = 1.0f / std::sqrt(3.0f);
    cv::Mat out;
    cv::transform(colour, out, cv::Matx13f(k / sigma[0], k / sigma[1], k / sigma[2]));
    return out;
}

cv::Mat plateTexture(const cv::Mat& plate, const cv::Vec3f& sigma) {
    CV_Assert(isLinearColour(plate));
    cv::Mat brightness = noiseUnitLuminance(plate, sigma), level;
    cv::blur(brightness, level, {15, 15});
    return brightness - level;
}

namespace {

// A small opening closed in on every side by the lit piece (a gap in a pave, the eye of a tight
// link) is a cluster of candidates of its own. Where part of it is verified and every other pixel
// of it is plausible on its own, the rest shows the plate too: no seed window fits inside an
// opening of 5-8 px, and growth reaches one pixel from a seed. A mirror can pass that only when
// each of its pixels passes by chance (a silver mirror's pixels do a third of the time each), and
// then the cluster's mean residual, the bias test a window makes, still shows its dimming. Not
// the windows' mean-energy test too: the pixels an opening's seeds leave out are its chance-high
// ones, and with it most of the gain was lost (7 seeds, 112 scenes: hole fidelity sum +0.07
// instead of +0.24). Marks the rest of each such cluster in `verified`.
void verifyWholeOpenings(const cv::Mat& candidates, const cv::Mat& plausible, const cv::Mat& residual,
                         const cv::Vec3f& inverse, float biasLimit, cv::Mat& verified) {
    cv::Mat labels;
    const int clusters = cv::connectedComponents(candidates, labels, 8, CV_32S);
    // First which clusters could be openings (some pixel verified, every pixel plausible, as the
    // verified ones are): the open set round the piece is one cluster that holds the piece's
    // mirrors, and is ruled out here without summing its residual.
    std::vector<uchar> anyVerified(static_cast<size_t>(clusters), 0), allPlausible(static_cast<size_t>(clusters), 1);
    for (int y = 0; y < labels.rows; ++y) {
        const int* l = labels.ptr<int>(y);
        const uchar* v = verified.ptr<uchar>(y);
        const uchar* p = plausible.ptr<uchar>(y);
        for (int x = 0; x < labels.cols; ++x) {
            anyVerified[size_t(l[x])] |= v[x];
            if (!p[x]) allPlausible[size_t(l[x])] = 0;
        }
    }
    std::vector<uchar> open(static_cast<size_t>(clusters), 0);
    bool anyOpening = false;
    for (size_t i = 1; i < open.size(); ++i) anyOpening |= (open[i] = anyVerified[i] && allPlausible[i]) != 0;
    if (!anyOpening) return;
    // Then their mean residual: n |mean|^2 / 3 in noise units, as a window's bias.
    std::vector<cv::Vec3d> residualSum(open.size());
    std::vector<int> pixels(open.size(), 0);
    for (int y = 0; y < labels.rows; ++y) {
        const int* l = labels.ptr<int>(y);
        const cv::Vec3f* r = residual.ptr<cv::Vec3f>(y);
        for (int x = 0; x < labels.cols; ++x)
            if (open[size_t(l[x])]) {
                residualSum[size_t(l[x])] += cv::Vec3d(r[x].mul(inverse));
                ++pixels[size_t(l[x])];
            }
    }
    for (size_t i = 1; i < open.size(); ++i)
        if (open[i] && residualSum[i].dot(residualSum[i]) / (3.0 * pixels[i]) > biasLimit) open[i] = 0;
    for (int y = 0; y < labels.rows; ++y) {
        const int* l = labels.ptr<int>(y);
        uchar* v = verified.ptr<uchar>(y);
        for (int x = 0; x < labels.cols; ++x)
            if (open[size_t(l[x])]) v[x] = 255;
    }
}

}  // namespace

cv::Mat plateVerifiedBackground(const cv::Mat& residual, const cv::Mat& texture, const cv::Vec3f& sigma,
                                const cv::Mat& candidates, int growPx, cv::Mat* mirrorLike) {
    CV_Assert(isLinearColour(residual) && candidates.type() == CV_8UC1 && candidates.size() == residual.size());
    CV_Assert(texture.type() == CV_32FC1 && texture.size() == residual.size());
    // One pixel's energy is chi-square with 3 degrees of freedom / 3 under the noise model:
    // 5.4 keeps 99.9 % of true background pixels. The window tests: mean energy (noise has 1)
    // and squared mean residual in noise units (noise has 1 whatever the count), both with
    // room for chance.
    constexpr float kSinglePixelLimit = 5.4f;
    constexpr float kMeanEnergyLimit = 1.5f;
    constexpr float kBiasLimit = 4.0f;
    // Plate texture energy (noise units) a window needs before the texture test speaks: the two
    // explanations' energies differ by about 2 T with a spread of 2 sqrt(T), so at T = 16 a
    // window is misjudged about 2 % of the time.
    constexpr float kTextureEnough = 16.0f;

    // The texture test. A hole shows the plate pixel for pixel: shot = plate + noise. A mirror
    // of the velvet is a blurred, displaced copy: it does not follow the plate's fibres, and is
    // better explained as a locally even level. Over a window, compare the residual energy of
    // the two explanations: "the plate" (shot - plate) and "an even level" (shot about its
    // mean), in brightness about the plate's local level (`texture`).

    // Per pixel, the terms the windows sum; a window's sums then give both explanations'
    // energies. Every term but the candidate count is weighted by the pixel being plausible on
    // its own (its energy is noise).
    enum Term { kEnergy, kPlausible, kCandidate, kBiasB, kBiasG, kBiasR, kPlate, kPlateSq, kSeen, kSeenSq, kResidualSq, kTerms };
    const cv::Vec3f inverse(1.0f / sigma[0], 1.0f / sigma[1], 1.0f / sigma[2]);
    const float lumWeight = 1.0f / std::sqrt(3.0f);
    const int rows = residual.rows, cols = residual.cols;
    cv::Mat energy(residual.size(), CV_32FC1), plausible(residual.size(), CV_8UC1);
    // The terms of image row y; energy and plausibility of the row on the way.
    auto gatherRow = [&](int y, float* row) {
        const cv::Vec3f* r = residual.ptr<cv::Vec3f>(y);
        const float* own = texture.ptr<float>(y);
        const uchar* cand = candidates.ptr<uchar>(y);
        float* e = energy.ptr<float>(y);
        uchar* p = plausible.ptr<uchar>(y);
        float* t = row;
        for (int x = 0; x < cols; ++x, t += kTerms) {
            const cv::Vec3f z3 = r[x].mul(inverse);
            e[x] = z3.dot(z3) / 3.0f;
            p[x] = cand[x] && e[x] <= kSinglePixelLimit ? 255 : 0;
            const float w = p[x] ? 1.0f : 0.0f;
            const float plateOwn = own[x], z = (z3[0] + z3[1] + z3[2]) * lumWeight, seen = plateOwn + z;
            t[kEnergy] = w * e[x];
            t[kPlausible] = w;
            t[kCandidate] = cand[x] ? 1.0f : 0.0f;
            t[kBiasB] = w * z3[0], t[kBiasG] = w * z3[1], t[kBiasR] = w * z3[2];
            t[kPlate] = w * plateOwn, t[kPlateSq] = w * plateOwn * plateOwn;
            t[kSeen] = w * seen, t[kSeenSq] = w * seen * seen;
            t[kResidualSq] = w * z * z;
        }
    };

    // Two window sizes: a wide one (5x5) that tolerates a stray outlier, for open background
    // and large holes; a tight one (3x3) with no outlier at all, for a one- or two-pixel gap
    // between links whose neighbours are metal. A mirror's chance-plausible pixels pass
    // neither: a third of them is not most of a window.
    cv::Mat out(residual.size(), CV_8UC1, cv::Scalar(0));
    cv::Mat looksEven(residual.size(), CV_8UC1, cv::Scalar(0));  // a window prefers "an even level"
    // Judges one plausible pixel by one window's sums.
    auto judge = [&](const float* s, float outliersAllowed, uchar& even, uchar& verified) {
        const float w = s[kPlausible];
        const float texture = s[kPlateSq] - s[kPlate] * s[kPlate] / w;
        const float asEven = s[kSeenSq] - s[kSeen] * s[kSeen] / w;
        const bool prefersEven = texture >= kTextureEnough && asEven - s[kResidualSq] < -1.0f;
        // The wide window sees more of the plate's texture: where it prefers an even level,
        // the tight one (judged second) may not seed either.
        if (prefersEven) even = 255;
        if (s[kCandidate] - w > outliersAllowed + 1e-3f || even) return;
        // Fewer samples, more chance variation: widen the energy limit accordingly.
        const float energyLimit = kMeanEnergyLimit * (1.0f + 0.5f / std::sqrt(w));
        // n * |mean|^2 / 3 in noise units: ~1 for noise, grows with n for a biased mirror.
        const float bias = (s[kBiasB] * s[kBiasB] + s[kBiasG] * s[kBiasG] + s[kBiasR] * s[kBiasR]) / (3.0f * w);
        if (s[kEnergy] / w > energyLimit || bias > kBiasLimit) return;
        verified = 255;
    };

    forEachRowOfWindowSums(rows, cols, kTerms, gatherRow, [&](int y, const float* sum3, const float* sum5) {
        const uchar* p = plausible.ptr<uchar>(y);
        uchar* o = out.ptr<uchar>(y);
        uchar* even = looksEven.ptr<uchar>(y);
        for (int x = 0; x < cols; ++x) {
            if (!p[x]) continue;
            judge(&sum5[x * kTerms], 1.0f, even[x], o[x]);
            judge(&sum3[x * kTerms], 0.0f, even[x], o[x]);
        }
    });
    // Growth asks more of a pixel than plausibility: it must look like noise on its own
    // (97 % of true background does), and its own tight window must not look like an even
    // mirror, so a faint mirror's pixels do not carry it far.
    constexpr float kGrowLimit = 3.0f;
    cv::Mat growable = plausible & (energy <= kGrowLimit);
    growable &= looksEven == 0;
    const cv::Mat cross = cv::getStructuringElement(cv::MORPH_CROSS, {3, 3});
    if (mirrorLike) *mirrorLike = looksEven & candidates;
    for (int i = 0; i < growPx; ++i) {
        cv::Mat grown;
        cv::dilate(out, grown, cross);
        grown &= growable;
        out |= grown;
    }
    verifyWholeOpenings(candidates, plausible, residual, inverse, kBiasLimit, out);
    return out;
}

}  // namespace facet
