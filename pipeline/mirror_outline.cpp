#include "pipeline/mirror_outline.hpp"

#include "pipeline/image.hpp"

#include <algorithm>

namespace facet {

namespace {

// |M - B|^2 in noise units below which the coverage is not measured (4 sigmas: a quarter).
constexpr float kMinPrecision = 16.0f;

// The patch's own colour near (x, y): the per-channel median of its inner pixels in the 5x5
// window (the mirror is even over a few pixels; the median keeps a brighter pixel where the
// patch meets lit metal from pulling it up). False when no inner pixel is that close.
bool patchColourNear(const cv::Mat& shot, const cv::Mat& patch, int x, int y, cv::Vec3f& out) {
    float channel[3][25];
    int n = 0;
    for (int v = std::max(0, y - 2); v <= std::min(shot.rows - 1, y + 2); ++v)
        for (int u = std::max(0, x - 2); u <= std::min(shot.cols - 1, x + 2); ++u) {
            if (!patch.at<uchar>(v, u)) continue;
            const cv::Vec3f& c = shot.at<cv::Vec3f>(v, u);
            for (int k = 0; k < 3; ++k) channel[k][n] = c[k];
            ++n;
        }
    if (n == 0) return false;
    for (int k = 0; k < 3; ++k) {
        std::nth_element(channel[k], channel[k] + n / 2, channel[k] + n);
        out[k] = channel[k][n / 2];
    }
    return true;
}

}  // namespace

void measureMirrorOutline(const cv::Mat& shot, const cv::Mat& plate, const cv::Vec3f& sigma, const cv::Mat& outline,
                          const cv::Mat& patch, cv::Mat& alpha, cv::Mat& foreground) {
    CV_Assert(isLinearColour(shot) && isLinearColour(plate) && shot.size() == plate.size());
    CV_Assert(outline.type() == CV_8UC1 && patch.type() == CV_8UC1 && alpha.type() == CV_32FC1 &&
              foreground.type() == CV_32FC3 && outline.size() == shot.size() && patch.size() == shot.size());
    const cv::Vec3f inverseVariance(1.0f / (sigma[0] * sigma[0]), 1.0f / (sigma[1] * sigma[1]),
                                    1.0f / (sigma[2] * sigma[2]));
    for (int y = 0; y < shot.rows; ++y) {
        const uchar* o = outline.ptr<uchar>(y);
        const cv::Vec3f* c = shot.ptr<cv::Vec3f>(y);
        const cv::Vec3f* b = plate.ptr<cv::Vec3f>(y);
        float* a = alpha.ptr<float>(y);
        cv::Vec3f* f = foreground.ptr<cv::Vec3f>(y);
        for (int x = 0; x < shot.cols; ++x) {
            cv::Vec3f mirror;
            if (!o[x] || !patchColourNear(shot, patch, x, y, mirror)) continue;
            const cv::Vec3f mb = mirror - b[x], cb = c[x] - b[x];
            float dot = 0, precision = 0;
            for (int k = 0; k < 3; ++k) {
                dot += cb[k] * mb[k] * inverseVariance[k];
                precision += mb[k] * mb[k] * inverseVariance[k];
            }
            // Too alike to tell: covered. Of the outline pixels of a patch with an inside,
            // more are covered than not, and a bite out of the metal costs more on white
            // than a dark rim (measured on the scenes: opaque beats the outline's typical
            // coverage here).
            a[x] = precision < kMinPrecision ? 1.0f : std::clamp(dot / precision, 0.0f, 1.0f);
            f[x] = mirror;
        }
    }
}

}  // namespace facet
