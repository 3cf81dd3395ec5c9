#include "pipeline/foreground_estimation.hpp"

#include "pipeline/image.hpp"

#include <opencv2/imgproc.hpp>

#include <vector>

namespace facet {

cv::Mat propagateColour(const cv::Mat& colour, const cv::Mat& weight) {
    CV_Assert(isLinearColour(colour) && isAlpha(weight) && colour.size() == weight.size());
    // Push: premultiplied colour and weight averaged down the pyramid.
    cv::Mat w3;
    cv::merge(std::vector<cv::Mat>{weight, weight, weight}, w3);
    std::vector<cv::Mat> sums{colour.mul(w3)}, weights{weight};
    while (sums.back().cols > 2 && sums.back().rows > 2) {
        cv::Mat s, w;
        cv::Size half((sums.back().cols + 1) / 2, (sums.back().rows + 1) / 2);
        cv::resize(sums.back(), s, half, 0, 0, cv::INTER_AREA);
        cv::resize(weights.back(), w, half, 0, 0, cv::INTER_AREA);
        sums.push_back(s);
        weights.push_back(w);
    }
    // Pull: from the coarsest level up, known colour where a level has enough weight, the
    // coarser level's answer where it has little.
    cv::Mat filled;
    for (int level = int(sums.size()) - 1; level >= 0; --level) {
        const cv::Mat& s = sums[level];
        const cv::Mat& w = weights[level];
        cv::Mat up;
        if (!filled.empty()) cv::resize(filled, up, s.size(), 0, 0, cv::INTER_LINEAR);
        cv::Mat out(s.size(), CV_32FC3);
        // A block a quarter covered by confident pixels already knows its colour.
        const float gain = level == 0 ? 1.0f : 4.0f;
        for (int y = 0; y < s.rows; ++y) {
            const cv::Vec3f* sp = s.ptr<cv::Vec3f>(y);
            const float* wp = w.ptr<float>(y);
            const cv::Vec3f* upp = up.empty() ? nullptr : up.ptr<cv::Vec3f>(y);
            cv::Vec3f* op = out.ptr<cv::Vec3f>(y);
            for (int x = 0; x < s.cols; ++x) {
                const float known = std::min(1.0f, wp[x] * gain);
                cv::Vec3f own = wp[x] > 1e-8f ? sp[x] / wp[x] : cv::Vec3f(0, 0, 0);
                op[x] = upp ? own * known + upp[x] * (1.0f - known) : own;
            }
        }
        filled = out;
    }
    return filled;
}

cv::Mat decontaminate(const cv::Mat& shot, const cv::Mat& background, const cv::Mat& alpha,
                      const cv::Mat& estimate) {
    CV_Assert(isLinearColour(shot) && isLinearColour(background) && isAlpha(alpha) &&
              isLinearColour(estimate));
    cv::Mat out(shot.size(), CV_32FC3);
    // Between these alphas the unmixed colour is trusted progressively more.
    constexpr float kTrustFrom = 0.15f, kTrustFull = 0.6f;
    for (int y = 0; y < shot.rows; ++y) {
        const cv::Vec3f* c = shot.ptr<cv::Vec3f>(y);
        const cv::Vec3f* b = background.ptr<cv::Vec3f>(y);
        const cv::Vec3f* e = estimate.ptr<cv::Vec3f>(y);
        const float* a = alpha.ptr<float>(y);
        cv::Vec3f* o = out.ptr<cv::Vec3f>(y);
        for (int x = 0; x < shot.cols; ++x) {
            if (a[x] >= 0.999f) {
                o[x] = c[x];
                continue;
            }
            if (a[x] <= kTrustFrom) {
                o[x] = e[x];
                continue;
            }
            cv::Vec3f unmixed = (c[x] - (1.0f - a[x]) * b[x]) / a[x];
            for (int k = 0; k < 3; ++k) unmixed[k] = std::max(0.0f, unmixed[k]);
            const float t = std::min(1.0f, (a[x] - kTrustFrom) / (kTrustFull - kTrustFrom));
            o[x] = t * unmixed + (1.0f - t) * e[x];
        }
    }
    return out;
}

}  // namespace facet
