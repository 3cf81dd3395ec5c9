#include "pipeline/mirror_outline.hpp"

#include "pipeline/image.hpp"

#include <algorithm>

namespace facet {

namespace {

// |M - B|^2 in noise units below which the coverage is not measured (4 sigmas: a quarter).
constexpr float kMinPrecision = 16.0f;

cv::Vec3f inverseVariance(const cv::Vec3f& sigma) {
    return {1.0f / (sigma[0] * sigma[0]), 1.0f / (sigma[1] * sigma[1]), 1.0f / (sigma[2] * sigma[2])};
}

// The projection of C - B on M - B, noise-weighted, and its precision |M - B|^2 in noise units.
struct Coverage {
    float measured = 0, precision = 0;
};
Coverage coverageAgainst(const cv::Vec3f& shot, const cv::Vec3f& plate, const cv::Vec3f& mirror, const cv::Vec3f& iv) {
    const cv::Vec3f mb = mirror - plate, cb = shot - plate;
    Coverage c;
    float dot = 0;
    for (int k = 0; k < 3; ++k) {
        dot += cb[k] * mb[k] * iv[k];
        c.precision += mb[k] * mb[k] * iv[k];
    }
    c.measured = c.precision > 0 ? dot / c.precision : 0.0f;
    return c;
}

// The patch's own colour near (x, y): the per-channel median of its inner pixels in the 5x5
// window (the mirror is even over a few pixels; the median keeps a brighter pixel where the
// patch meets lit metal from pulling it up). False when fewer than `atLeast` are that close.
bool patchColourNear(const cv::Mat& shot, const cv::Mat& patch, int x, int y, cv::Vec3f& out, int atLeast = 1) {
    float channel[3][25];
    int n = 0;
    for (int v = std::max(0, y - 2); v <= std::min(shot.rows - 1, y + 2); ++v)
        for (int u = std::max(0, x - 2); u <= std::min(shot.cols - 1, x + 2); ++u) {
            if (!patch.at<uchar>(v, u)) continue;
            const cv::Vec3f& c = shot.at<cv::Vec3f>(v, u);
            for (int k = 0; k < 3; ++k) channel[k][n] = c[k];
            ++n;
        }
    if (n < std::max(atLeast, 1)) return false;
    for (int k = 0; k < 3; ++k) {
        std::nth_element(channel[k], channel[k] + n / 2, channel[k] + n);
        out[k] = channel[k][n / 2];
    }
    return true;
}

}  // namespace

void measureMirrorOutline(const cv::Mat& shot, const cv::Mat& plate, const cv::Vec3f& sigma, const cv::Mat& outline,
                          const cv::Mat& patch, cv::Mat& alpha, cv::Mat& foreground, cv::Mat* judged) {
    CV_Assert(isLinearColour(shot) && isLinearColour(plate) && shot.size() == plate.size());
    CV_Assert(outline.type() == CV_8UC1 && patch.type() == CV_8UC1 && alpha.type() == CV_32FC1 &&
              foreground.type() == CV_32FC3 && outline.size() == shot.size() && patch.size() == shot.size());
    CV_Assert(!judged || (judged->type() == CV_8UC1 && judged->size() == shot.size()));
    const cv::Vec3f iv = inverseVariance(sigma);
    for (int y = 0; y < shot.rows; ++y) {
        const uchar* o = outline.ptr<uchar>(y);
        const cv::Vec3f* c = shot.ptr<cv::Vec3f>(y);
        const cv::Vec3f* b = plate.ptr<cv::Vec3f>(y);
        float* a = alpha.ptr<float>(y);
        cv::Vec3f* f = foreground.ptr<cv::Vec3f>(y);
        for (int x = 0; x < shot.cols; ++x) {
            cv::Vec3f mirror;
            if (!o[x] || !patchColourNear(shot, patch, x, y, mirror)) continue;
            const Coverage m = coverageAgainst(c[x], b[x], mirror, iv);
            // Too alike to tell: covered. Of the outline pixels of a patch with an inside,
            // more are covered than not, and a bite out of the metal costs more on white
            // than a dark rim (measured on the scenes: opaque beats the outline's typical
            // coverage here).
            a[x] = m.precision < kMinPrecision ? 1.0f : std::clamp(m.measured, 0.0f, 1.0f);
            if (judged && m.precision < kMinPrecision) judged->at<uchar>(y, x) = 255;
            f[x] = mirror;
        }
    }
}

cv::Mat holesInMirror(const cv::Mat& shot, const cv::Mat& plate, const cv::Vec3f& sigma, const cv::Mat& mirror) {
    CV_Assert(isLinearColour(shot) && isLinearColour(plate) && shot.size() == plate.size());
    CV_Assert(mirror.type() == CV_8UC1 && mirror.size() == shot.size());
    // Noise has a mean energy of 1 per channel; 2 keeps about nine in ten of the plate's pixels.
    constexpr float kPlateLikeEnergy = 2.0f;
    constexpr float kMinSeparation = 25.0f;  // |M - B|^2 in noise units: 5 sigmas
    constexpr float kAtMostCovered = 0.2f;
    const cv::Vec3f iv = inverseVariance(sigma);
    cv::Mat plateLike = cv::Mat::zeros(shot.size(), CV_8UC1);
    for (int y = 0; y < shot.rows; ++y) {
        const cv::Vec3f* c = shot.ptr<cv::Vec3f>(y);
        const cv::Vec3f* b = plate.ptr<cv::Vec3f>(y);
        const uchar* m = mirror.ptr<uchar>(y);
        uchar* p = plateLike.ptr<uchar>(y);
        for (int x = 0; x < shot.cols; ++x) {
            if (!m[x]) continue;
            const cv::Vec3f d = c[x] - b[x];
            const float energy = (d[0] * d[0] * iv[0] + d[1] * d[1] * iv[1] + d[2] * d[2] * iv[2]) / 3.0f;
            if (energy <= kPlateLikeEnergy) p[x] = 255;
        }
    }
    // The mirror's colour from its pixels that do not look like the plate (a hole's own pixels
    // would pull it towards the plate).
    const cv::Mat surface = mirror & (plateLike == 0);
    cv::Mat holes = cv::Mat::zeros(shot.size(), CV_8UC1);
    for (int y = 0; y < shot.rows; ++y)
        for (int x = 0; x < shot.cols; ++x) {
            cv::Vec3f colour;
            if (!plateLike.at<uchar>(y, x) || !patchColourNear(shot, surface, x, y, colour, 3)) continue;
            const Coverage m = coverageAgainst(shot.at<cv::Vec3f>(y, x), plate.at<cv::Vec3f>(y, x), colour, iv);
            if (m.precision >= kMinSeparation && m.measured <= kAtMostCovered) holes.at<uchar>(y, x) = 255;
        }
    return holes;
}

}  // namespace facet
