#include "pipeline/set_shadow.hpp"

#include "pipeline/background_evidence.hpp"
#include "pipeline/image.hpp"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <vector>

namespace facet {

cv::Mat shadowOnSet(const cv::Mat& shot, const cv::Mat& plate, const cv::Vec3f& sigma) {
    CV_Assert(isLinearColour(shot) && isLinearColour(plate) && shot.size() == plate.size());
    // Brightness in noise units (unit noise variance per pixel in the shot).
    const cv::Mat c = noiseUnitLuminance(shot, sigma), b = noiseUnitLuminance(plate, sigma);

    // Over a small window, only the pixels that could be the set (not brighter than the plate
    // beyond noise: the piece is far brighter than velvet), so that a window beside the piece
    // still measures the set's light from its own part of the set:
    //   the gain: the ratio of the shot's and the plate's summed levels;
    //   the check: once the plate is scaled by that gain, is what remains of its fibres noise?
    //   A mirror's blurred, displaced fibres leave about the plate's texture.
    constexpr int kWindow = 5;
    constexpr float kMinPixels = 9.0f;       // set pixels a window needs
    // Plate texture (variance per pixel, noise units) the check needs: a mirror's misfit is
    // about that much on top of the noise, a shadow's none.
    constexpr float kTextureEnough = 4.0f;
    // Mean misfit per pixel (noise: 1). Room above the noise for a soft shadow's gain changing
    // across the window (1.6-4 tried; 2.5 kept the most shadow and no mirror).
    constexpr float kFitEnergyLimit = 2.5f;
    constexpr float kDarkest = 0.2f;         // deeper than this is no shadow on a lit set
    // A gain counts as a shadow when it is this many of its own standard deviations below 1
    // (the ratio's spread is 1 / (sqrt(pixels) x plate level) in noise units): chance dips of
    // the gain over an unshadowed set are then rare.
    constexpr float kCertain = 5.0f;
    constexpr int kSmallestShadow = 30;      // measured pixels

    const cv::Mat set = c <= b + 3.0f;
    cv::Mat w;
    set.convertTo(w, CV_32F, 1.0 / 255.0);
    const cv::Mat wc = w.mul(c), wb = w.mul(b);
    cv::Mat n, sc, sb, scc, scb, sbb;
    const cv::Size window(kWindow, kWindow);
    auto windowSum = [&](const cv::Mat& in, cv::Mat& out) { cv::boxFilter(in, out, CV_32F, window, {-1, -1}, false); };
    windowSum(w, n);
    windowSum(wc, sc);
    windowSum(wb, sb);
    windowSum(wc.mul(c), scc);
    windowSum(wc.mul(b), scb);
    windowSum(wb.mul(b), sbb);

    // Measured: windows that are the plate at one gain. Of those, the shadowed ones.
    cv::Mat measured(shot.size(), CV_8UC1, cv::Scalar(0));
    std::vector<float> gainOf{1.0f};  // by measured pixel, in scan order; [0]: unmeasured
    bool anyShadow = false;
    for (int y = 0; y < shot.rows; ++y) {
        const float *N = n.ptr<float>(y), *Sc = sc.ptr<float>(y), *Sb = sb.ptr<float>(y);
        const float *Scc = scc.ptr<float>(y), *Scb = scb.ptr<float>(y), *Sbb = sbb.ptr<float>(y);
        uchar* m = measured.ptr<uchar>(y);
        for (int x = 0; x < shot.cols; ++x) {
            if (N[x] < kMinPixels || Sb[x] < N[x]) continue;  // too few set pixels, or a set darker than noise
            const float r = Sc[x] / Sb[x];
            const float texture = (Sbb[x] - Sb[x] * Sb[x] / N[x]) / N[x];
            const float misfit = (Scc[x] - 2 * r * Scb[x] + r * r * Sbb[x]) / N[x];
            if (texture < kTextureEnough || misfit > kFitEnergyLimit || r < kDarkest || r > 1.05f) continue;
            m[x] = 255;
            const float spread = std::sqrt(N[x]) / Sb[x];
            const bool shadow = 1.0f - r > kCertain * spread;
            gainOf.push_back(shadow ? r : 1.0f);
            anyShadow |= shadow;
        }
    }
    if (!anyShadow) return {};
    // A shadow is an area of the set: a lone measured dip or two (a window in a hole beside a
    // dark mirror that passed the check by chance) is not one.
    {
        cv::Mat dips(shot.size(), CV_8UC1, cv::Scalar(0)), labels, stats, centres;
        size_t i = 1;
        for (int y = 0; y < shot.rows; ++y) {
            const uchar* w = measured.ptr<uchar>(y);
            uchar* d = dips.ptr<uchar>(y);
            for (int x = 0; x < shot.cols; ++x)
                if (w[x]) d[x] = gainOf[i++] < 1.0f ? 255 : 0;
        }
        cv::connectedComponentsWithStats(dips, labels, stats, centres, 8, CV_32S);
        anyShadow = false;
        i = 1;
        for (int y = 0; y < shot.rows; ++y) {
            const uchar* w = measured.ptr<uchar>(y);
            const int* l = labels.ptr<int>(y);
            for (int x = 0; x < shot.cols; ++x) {
                if (!w[x]) continue;
                float& g = gainOf[i++];
                if (l[x] && stats.at<int>(l[x], cv::CC_STAT_AREA) < kSmallestShadow) g = 1.0f;
                anyShadow |= g < 1.0f;
            }
        }
    }
    if (!anyShadow) return {};

    // Everywhere else (the piece, its mirrors, windows that mix both) the gain of the nearest
    // measured window: the shadow passes under the piece's edge and into its holes.
    cv::Mat distance, labels, light(shot.size(), CV_32FC1);
    cv::distanceTransform(measured == 0, distance, labels, cv::DIST_L2, cv::DIST_MASK_5, cv::DIST_LABEL_PIXEL);
    for (int y = 0; y < shot.rows; ++y) {
        const int* l = labels.ptr<int>(y);
        float* out = light.ptr<float>(y);
        for (int x = 0; x < shot.cols; ++x) out[x] = gainOf[size_t(l[x]) < gainOf.size() ? l[x] : 0];
    }
    return light;
}

}  // namespace facet
