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

cv::Mat normalisedResidualEnergy(const cv::Mat& residual, const cv::Vec3f& sigma) {
    CV_Assert(isLinearColour(residual));
    cv::Mat scaled;
    cv::multiply(residual, cv::Scalar(1.0 / sigma[0], 1.0 / sigma[1], 1.0 / sigma[2]), scaled);
    cv::Mat sq = scaled.mul(scaled);
    cv::Mat energy;
    cv::transform(sq, energy, cv::Matx13f(1.f / 3, 1.f / 3, 1.f / 3));
    return energy;
}

cv::Mat plateVerifiedBackground(const cv::Mat& energy, const cv::Mat& candidates, double threshold,
                                int window, int growPx) {
    CV_Assert(isAlpha(energy) && candidates.type() == CV_8UC1 && candidates.size() == energy.size());
    // One pixel's energy is chi-square with 3 degrees of freedom / 3 under the noise model:
    // 5.4 keeps 99.9 % of true background pixels.
    constexpr float kSinglePixelLimit = 5.4f;
    cv::Mat plausible = candidates & (energy <= kSinglePixelLimit);

    // Seeds: most of the candidates around are individually plausible, and together they look
    // like noise. (Faint edge pixels beside a small hole are candidates but not plausible: they
    // are left out of the average instead of spoiling it. A mirror's pixels are plausible only
    // now and then, never most of their neighbourhood. A one-pixel gap between links, with no
    // candidate neighbours, stands on its own energy.)
    cv::Mat weight, candWeight;
    plausible.convertTo(weight, CV_32F, 1.0 / 255.0);
    candidates.convertTo(candWeight, CV_32F, 1.0 / 255.0);
    cv::Mat sumE, sumW, sumC;
    const cv::Size k(window, window);
    cv::boxFilter(energy.mul(weight), sumE, CV_32F, k, {-1, -1}, false);
    cv::boxFilter(weight, sumW, CV_32F, k, {-1, -1}, false);
    cv::boxFilter(candWeight, sumC, CV_32F, k, {-1, -1}, false);
    cv::Mat out(energy.size(), CV_8UC1, cv::Scalar(0));
    for (int y = 0; y < energy.rows; ++y) {
        const float* e = sumE.ptr<float>(y);
        const float* w = sumW.ptr<float>(y);
        const float* c = sumC.ptr<float>(y);
        const uchar* p = plausible.ptr<uchar>(y);
        uchar* o = out.ptr<uchar>(y);
        for (int x = 0; x < energy.cols; ++x) {
            if (!p[x] || w[x] < 0.66f * c[x] - 1e-3f) continue;
            // Fewer samples, more chance variation: widen the limit accordingly.
            const float limit = float(threshold) * (1.0f + 0.5f / std::sqrt(w[x]));
            if (e[x] / w[x] <= limit) o[x] = 255;
        }
    }
    const cv::Mat cross = cv::getStructuringElement(cv::MORPH_CROSS, {3, 3});
    for (int i = 0; i < growPx; ++i) {
        cv::Mat grown;
        cv::dilate(out, grown, cross);
        grown &= plausible;
        out |= grown;
    }
    return out;
}

}  // namespace facet
