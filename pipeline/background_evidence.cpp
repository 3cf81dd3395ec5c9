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
                                int window) {
    CV_Assert(isAlpha(energy) && candidates.type() == CV_8UC1 && candidates.size() == energy.size());
    cv::Mat weight;
    candidates.convertTo(weight, CV_32F, 1.0 / 255.0);
    // Cap single pixels so one hot pixel cannot outvote a whole window of plate-true pixels.
    cv::Mat capped = cv::min(energy, 25.0f).mul(weight);
    cv::Mat sumE, sumW;
    const cv::Size k(window, window);
    cv::boxFilter(capped, sumE, CV_32F, k, {-1, -1}, false);
    cv::boxFilter(weight, sumW, CV_32F, k, {-1, -1}, false);
    cv::Mat out(energy.size(), CV_8UC1, cv::Scalar(0));
    for (int y = 0; y < energy.rows; ++y) {
        const float* e = sumE.ptr<float>(y);
        const float* w = sumW.ptr<float>(y);
        const uchar* c = candidates.ptr<uchar>(y);
        uchar* o = out.ptr<uchar>(y);
        for (int x = 0; x < energy.cols; ++x) {
            if (!c[x]) continue;
            // Fewer samples, more chance variation: widen the threshold accordingly.
            const float n = std::max(1.0f, w[x]);
            const float limit = float(threshold) * (1.0f + 1.5f / std::sqrt(n));
            o[x] = e[x] / n <= limit ? 255 : 0;
        }
    }
    return out;
}

}  // namespace facet
