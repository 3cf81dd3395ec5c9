#include "pipeline/set_shadow.hpp"

#include "pipeline/image.hpp"
#include "pipeline/window_sums.hpp"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <vector>

namespace facet {

namespace {

// The plate's texture as the shot would show it at the fitted gain (variance per pixel, noise
// units) the fit needs before it can tell: a mirror's misfit is about that much on top of the
// noise, a shadow's none. A deep shadow dims the fibres towards the noise; below 3 a mirror
// that happens to follow the velvet's nap passes for a shadow (2 let some through on unshadowed
// sets), above it real shadows go unmeasured (4: SAD at shadow 0.6 up from 4.1 to 5.1).
constexpr float kTextureEnough = 3.0f;
// Mean misfit per pixel (noise: 1). Room above the noise for a soft shadow's gain changing
// across the window (1.6-4 tried; 2.5 kept the most shadow and no mirror).
constexpr float kFitEnergyLimit = 2.5f;
constexpr float kDarkest = 0.2f;  // deeper than this is no shadow on a lit set
// The same with each pixel's own gain: less room, the gains follow the light (2.0 let chance
// dips through on unshadowed sets; 1.6 none).
constexpr float kLocalFitEnergyLimit = 1.6f;

// Over the 5x5 window around every pixel, among the pixels that could be the set (c <= b +
// `admitAbove`, c and b the shot's and the plate's brightness in noise units), the fit
// shot = gain x plate:
//   the gain: the ratio of the shot's and the plate's summed levels;
//   the check: once the plate is scaled by that gain, is what remains of its fibres noise?
//   A mirror's blurred, displaced fibres leave about the plate's texture.
// Near the piece a deep shadow's light changes across the window faster than one gain fits;
// there the window may instead scale each pixel by its own 3x3 window's gain, provided the
// window as a whole is darker than the plate beyond chance (a shadow, then, not the set's own
// flicker).
// Calls fitted(x, y, gain, spread) in scan order where the check passes, with the window's gain
// (or the pixel's own, in a gradient) and the window's gain's standard deviation
// (sqrt(pixels) / summed plate level).
template <typename Fitted>
void fitPlateGain(const cv::Mat& shot, const cv::Mat& plate, const cv::Vec3f& sigma, float admitAbove,
                  float minPixels, float certain, Fitted&& fitted) {
    const float k = 1.0f / std::sqrt(3.0f);
    const cv::Vec3f toNoiseUnits(k / sigma[0], k / sigma[1], k / sigma[2]);
    cv::Mat c(shot.size(), CV_32FC1), b(shot.size(), CV_32FC1), admitted(shot.size(), CV_8UC1);
    cv::Mat local(shot.size(), CV_32FC1);  // each admitted pixel's own 3x3 gain
    enum First { kN1, kC1, kB1, kFirst };
    auto gatherFirst = [&](int y, float* t) {
        const cv::Vec3f* s = shot.ptr<cv::Vec3f>(y);
        const cv::Vec3f* p = plate.ptr<cv::Vec3f>(y);
        float *cy = c.ptr<float>(y), *by = b.ptr<float>(y);
        uchar* a = admitted.ptr<uchar>(y);
        for (int x = 0; x < shot.cols; ++x, t += kFirst) {
            cy[x] = s[x].dot(toNoiseUnits), by[x] = p[x].dot(toNoiseUnits);
            a[x] = cy[x] <= by[x] + admitAbove ? 1 : 0;
            const float w = a[x];
            t[kN1] = w, t[kC1] = w * cy[x], t[kB1] = w * by[x];
        }
    };
    forEachRowOfWindowSums(shot.rows, shot.cols, kFirst, gatherFirst, [&](int y, const float* sums, const float*) {
        float* g = local.ptr<float>(y);
        for (int x = 0; x < shot.cols; ++x) {
            const float* s = sums + x * kFirst;
            g[x] = s[kB1] > 0 ? s[kC1] / s[kB1] : 1.0f;
        }
    });
    enum Term { kN, kC, kB, kCC, kCB, kBB, kLocalMisfit, kTerms };
    auto gather = [&](int y, float* t) {
        const float *cy = c.ptr<float>(y), *by = b.ptr<float>(y), *g = local.ptr<float>(y);
        const uchar* a = admitted.ptr<uchar>(y);
        for (int x = 0; x < shot.cols; ++x, t += kTerms) {
            const float w = a[x], cx = cy[x], bx = by[x], e = cx - g[x] * bx;
            t[kN] = w, t[kC] = w * cx, t[kB] = w * bx;
            t[kCC] = w * cx * cx, t[kCB] = w * cx * bx, t[kBB] = w * bx * bx, t[kLocalMisfit] = w * e * e;
        }
    };
    forEachRowOfWindowSums(shot.rows, shot.cols, kTerms, gather, [&](int y, const float*, const float* sums) {
        const float* g = local.ptr<float>(y);
        for (int x = 0; x < shot.cols; ++x) {
            const float* s = sums + x * kTerms;
            const float n = s[kN];
            if (n < minPixels || s[kB] < n) continue;  // too few pixels, or a set darker than noise
            const float gain = s[kC] / s[kB], spread = std::sqrt(n) / s[kB];
            const float texture = (s[kBB] - s[kB] * s[kB] / n) / n;
            if (gain < kDarkest || gain > 1.05f) continue;
            // A mirror's misfit is about the plate's texture at the gain's scale: the check can
            // only tell where that stands clear of the noise.
            const float misfit = (s[kCC] - 2 * gain * s[kCB] + gain * gain * s[kBB]) / n;
            if (misfit <= kFitEnergyLimit && texture * gain * gain >= kTextureEnough)
                fitted(x, y, gain, spread);
            else if (1.0f - gain > certain * spread && s[kLocalMisfit] / n <= kLocalFitEnergyLimit && g[x] >= kDarkest &&
                     g[x] <= 1.0f && texture * g[x] * g[x] >= kTextureEnough)
                fitted(x, y, g[x], spread);
        }
    });
}

}  // namespace

cv::Mat shadowOnSet(const cv::Mat& shot, const cv::Mat& plate, const cv::Vec3f& sigma) {
    CV_Assert(isLinearColour(shot) && isLinearColour(plate) && shot.size() == plate.size());
    constexpr float kMinPixels = 9.0f;  // set pixels a window needs
    // A gain counts as a shadow when it is this many of its own standard deviations below 1:
    // chance dips of the gain over an unshadowed set are then rare.
    constexpr float kCertain = 5.0f;
    constexpr int kSmallestShadow = 30;  // measured pixels

    // Measured: windows that are the plate at one gain, counting only the pixels that could be
    // the set (not brighter than the plate beyond noise: the piece is far brighter than velvet),
    // so that a window beside the piece still measures the light on its own part of the set.
    // 2 sigma: tighter keeps more of a dark rim's faint pixels out of the fit (3 -> 2 took 3-4 %
    // off the SAD in shadow); tighter still cuts enough of the noise to bias an unshadowed gain low.
    cv::Mat measured(shot.size(), CV_8UC1, cv::Scalar(0));
    std::vector<float> gainOf{1.0f};  // by measured pixel, in scan order; [0]: unmeasured
    bool anyShadow = false;
    constexpr float kAdmitAbove = 2.0f;
    fitPlateGain(shot, plate, sigma, kAdmitAbove, kMinPixels, kCertain, [&](int x, int y, float gain, float spread) {
        measured.at<uchar>(y, x) = 255;
        const bool shadow = 1.0f - gain > kCertain * spread;
        gainOf.push_back(shadow ? gain : 1.0f);
        anyShadow |= shadow;
    });
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
