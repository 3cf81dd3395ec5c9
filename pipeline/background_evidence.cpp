#include "pipeline/background_evidence.hpp"

#include "pipeline/image.hpp"

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

namespace {

// Brightness in noise units: the three channels' residuals summed with their noise weights.
// The velvet's texture is the same in all three channels and the noise is not, so this is
// where the plate's fibres stand out most clearly from the noise.
cv::Mat noiseUnitLuminance(const cv::Mat& colour, const cv::Vec3f& sigma) {
    const float k = 1.0f / std::sqrt(3.0f);
    cv::Mat out;
    cv::transform(colour, out, cv::Matx13f(k / sigma[0], k / sigma[1], k / sigma[2]));
    return out;
}

}  // namespace

cv::Mat plateVerifiedBackground(const cv::Mat& residual, const cv::Mat& plate, const cv::Vec3f& sigma,
                                const cv::Mat& candidates, int window, int growPx, cv::Mat* mirrorLike) {
    CV_Assert(isLinearColour(residual) && candidates.type() == CV_8UC1 && candidates.size() == residual.size());
    CV_Assert(isLinearColour(plate) && plate.size() == residual.size());
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

    cv::Mat scaled;
    cv::multiply(residual, cv::Scalar(1.0 / sigma[0], 1.0 / sigma[1], 1.0 / sigma[2]), scaled);
    cv::Mat energy;
    cv::transform(scaled.mul(scaled), energy, cv::Matx13f(1.f / 3, 1.f / 3, 1.f / 3));
    cv::Mat plausible = candidates & (energy <= kSinglePixelLimit);

    cv::Mat weight, candWeight, weight3;
    plausible.convertTo(weight, CV_32F, 1.0 / 255.0);
    candidates.convertTo(candWeight, CV_32F, 1.0 / 255.0);
    cv::merge(std::vector<cv::Mat>{weight, weight, weight}, weight3);
    cv::Mat weightedEnergy = energy.mul(weight), weightedResidual = scaled.mul(weight3);

    // The texture test. A hole shows the plate pixel for pixel: shot = plate + noise. A mirror
    // of the velvet is a blurred, displaced copy: it does not follow the plate's fibres, and is
    // better explained as a locally even level. Over a window, compare the residual energy of
    // the two explanations: "the plate" (shot - plate) and "an even level" (shot about its
    // mean). Brightness is centred on the plate's local level so the sums stay small.
    cv::Mat plateLum = noiseUnitLuminance(plate, sigma), level;
    cv::blur(plateLum, level, {15, 15});
    const cv::Mat b = plateLum - level, z = noiseUnitLuminance(residual, sigma);
    const cv::Mat seen = b + z;
    const cv::Mat wb = b.mul(weight), wb2 = b.mul(wb), wc = seen.mul(weight), wc2 = seen.mul(wc),
                  wz2 = z.mul(z).mul(weight);

    // Two window sizes: a wide one that tolerates a stray outlier, for open background and
    // large holes; a tight one with no outlier at all, for a one- or two-pixel gap between
    // links whose neighbours are metal. A mirror's chance-plausible pixels pass neither:
    // a third of them is not most of a window.
    cv::Mat out(residual.size(), CV_8UC1, cv::Scalar(0));
    cv::Mat looksEven(residual.size(), CV_8UC1, cv::Scalar(0));  // a window prefers "an even level"
    struct Scale {
        int size;
        float outliersAllowed;
    };
    for (const Scale sc : {Scale{window + 2, 1.0f}, Scale{window, 0.0f}}) {
        cv::Mat sumE, sumW, sumC, sumR, sB, sB2, sC, sC2, sZ2;
        const cv::Size k(sc.size, sc.size);
        for (auto [src, dst] : {std::pair{&wb, &sB}, {&wb2, &sB2}, {&wc, &sC}, {&wc2, &sC2}, {&wz2, &sZ2}})
            cv::boxFilter(*src, *dst, CV_32F, k, {-1, -1}, false);
        cv::boxFilter(weightedEnergy, sumE, CV_32F, k, {-1, -1}, false);
        cv::boxFilter(weight, sumW, CV_32F, k, {-1, -1}, false);
        cv::boxFilter(candWeight, sumC, CV_32F, k, {-1, -1}, false);
        cv::boxFilter(weightedResidual, sumR, CV_32F, k, {-1, -1}, false);
        for (int y = 0; y < residual.rows; ++y) {
            const float* e = sumE.ptr<float>(y);
            const float* w = sumW.ptr<float>(y);
            const float* c = sumC.ptr<float>(y);
            const cv::Vec3f* r = sumR.ptr<cv::Vec3f>(y);
            const uchar* p = plausible.ptr<uchar>(y);
            uchar* o = out.ptr<uchar>(y);
            uchar* even = looksEven.ptr<uchar>(y);
            for (int x = 0; x < residual.cols; ++x) {
                if (!p[x]) continue;
                const float texture = sB2.at<float>(y, x) - sB.at<float>(y, x) * sB.at<float>(y, x) / w[x];
                const float asEven = sC2.at<float>(y, x) - sC.at<float>(y, x) * sC.at<float>(y, x) / w[x];
                const bool prefersEven = texture >= kTextureEnough && asEven - sZ2.at<float>(y, x) < -1.0f;
                // The wide window sees more of the plate's texture: where it prefers an even
                // level, the tight one (which comes second) may not seed either.
                if (prefersEven) even[x] = 255;
                if (c[x] - w[x] > sc.outliersAllowed + 1e-3f || even[x]) continue;
                // Fewer samples, more chance variation: widen the energy limit accordingly.
                const float energyLimit = kMeanEnergyLimit * (1.0f + 0.5f / std::sqrt(w[x]));
                // n * |mean|^2 / 3 in noise units: ~1 for noise, grows with n for a biased mirror.
                const float bias = r[x].dot(r[x]) / (3.0f * w[x]);
                if (e[x] / w[x] > energyLimit || bias > kBiasLimit) continue;
                o[x] = 255;
            }
        }
    }
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
    return out;
}

}  // namespace facet
