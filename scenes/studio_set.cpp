#include "scenes/studio_set.hpp"

#include "scenes/scene_random.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace facet::scenes {
namespace {

cv::Mat unitStd(const cv::Mat& m) {
    cv::Scalar mean, sd;
    cv::meanStdDev(m, mean, sd);
    cv::Mat out = (m - mean[0]) / std::max(1e-12, sd[0]);
    return out;
}

cv::Mat whiteNoise(cv::Size size, uint64_t seed, uint64_t stream) {
    cv::Mat n(size, CV_32FC1);
    cv::RNG rng(mix64(seed ^ mix64(stream)));
    rng.fill(n, cv::RNG::NORMAL, 0, 1);
    return n;
}

// Smooth large-scale variation (blotches), unit std.
cv::Mat blotches(cv::Size size, float cellPx, uint64_t seed, uint64_t stream) {
    const cv::Size coarse(std::max(2, int(size.width / cellPx) + 2), std::max(2, int(size.height / cellPx) + 2));
    cv::Mat c = whiteNoise(coarse, seed, stream);
    cv::Mat big;
    cv::resize(c, big, size, 0, 0, cv::INTER_CUBIC);
    return unitStd(big);
}

// Fine velvet pile: white noise smeared along the nap direction plus a little isotropic grain.
cv::Mat fibres(cv::Size size, uint64_t seed, double napAngle) {
    const cv::Mat n = whiteNoise(size, seed, 11);
    cv::Mat line = cv::Mat::zeros(5, 5, CV_32FC1);
    for (int i = -2; i <= 2; ++i) {
        const int x = 2 + int(std::lround(i * std::cos(napAngle))), y = 2 + int(std::lround(i * std::sin(napAngle)));
        line.at<float>(y, x) += 1.0f / 5;
    }
    cv::Mat smeared, grain;
    cv::filter2D(n, smeared, CV_32F, line, cv::Point(-1, -1), 0, cv::BORDER_REFLECT);
    cv::GaussianBlur(n, grain, cv::Size(0, 0), 0.6, 0.6, cv::BORDER_REFLECT);
    return unitStd(0.6 * unitStd(smeared) + 0.4 * unitStd(grain));
}

// Multiplies each pixel by the lighting faults and the colour.
void light(cv::Mat& grey, cv::Mat& out, const SceneOptions& o, cv::Vec3f colour) {
    const int w = grey.cols;
    out.create(grey.size(), CV_32FC3);
    const cv::Vec3f tint(float(o.backgroundTint[0]), float(o.backgroundTint[1]), float(o.backgroundTint[2]));
    const cv::Vec3f c = colour.mul(tint) * float(o.backgroundLevel);
    std::vector<float> spill(w);
    for (int x = 0; x < w; ++x) {
        const float t = std::max(0.0f, 1.0f - float(x) / (0.45f * w));
        spill[x] = 1.0f + float(o.sideSpill) * t * t;
    }
    for (int y = 0; y < grey.rows; ++y) {
        const float* g = grey.ptr<float>(y);
        cv::Vec3f* d = out.ptr<cv::Vec3f>(y);
        for (int x = 0; x < w; ++x) d[x] = c * (g[x] * spill[x]);
    }
}

}  // namespace

EmptySet renderEmptySet(const SceneOptions& o) {
    SceneRandom rng(o.seed, 2);
    const cv::Size size = o.size;
    const float scale = std::min(size.width / 1024.0f, size.height / 680.0f);
    cv::Mat grey(size, CV_32FC1);
    EmptySet set;
    if (o.surface == Surface::BlackVelvet) {
        const double level = rng.uniform(0.009, 0.014);
        const double napAngle = rng.uniform(0, 3.14159);
        const double cx = size.width * rng.uniform(0.35, 0.65), cy = size.height * rng.uniform(0.35, 0.65);
        const double r2 = 0.25 * (double(size.width) * size.width + double(size.height) * size.height);
        const cv::Mat fib = fibres(size, o.seed, napAngle);
        const cv::Mat blot = blotches(size, 40 * scale, o.seed, 12);
        constexpr float kFibre = 0.24f, kBlotch = 0.06f;
        double sum = 0;
        for (int y = 0; y < size.height; ++y) {
            const float* f = fib.ptr<float>(y);
            const float* b = blot.ptr<float>(y);
            float* g = grey.ptr<float>(y);
            for (int x = 0; x < size.width; ++x) {
                const double d2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / r2;
                const float falloff = float(level * (1.0 - 0.28 * d2));
                g[x] = std::max(0.2f * falloff, falloff * (1 + kFibre * f[x] + kBlotch * b[x]));
                sum += falloff;
            }
        }
        set.textureStd = kFibre * sum / (double(size.width) * size.height);
        light(grey, set.light, o, {1.0f, 0.96f, 0.93f});
    } else {
        const double level = rng.uniform(0.006, 0.012);
        const cv::Mat blot = blotches(size, 60 * scale, o.seed, 13);
        for (int y = 0; y < size.height; ++y) {
            const float* b = blot.ptr<float>(y);
            float* g = grey.ptr<float>(y);
            const float ramp = float(level * (0.7 + 0.6 * (1.0 - double(y) / size.height)));
            for (int x = 0; x < size.width; ++x) g[x] = ramp * (1 + 0.03f * b[x]);
        }
        set.textureStd = 0.03 * level;
        light(grey, set.light, o, {1.05f, 1.0f, 0.97f});
    }
    set.textureStd *= 0.96 * o.backgroundLevel * o.backgroundTint[1];
    return set;
}

cv::Mat renderBacklight(const SceneOptions& o) {
    const cv::Size size = o.size;
    const float scale = std::min(size.width / 1024.0f, size.height / 680.0f);
    const cv::Mat diffuser = blotches(size, 80 * scale, o.seed, 14);
    cv::Mat out(size, CV_32FC3);
    const cv::Vec3f colour(0.98f, 1.0f, 1.0f);
    for (int y = 0; y < size.height; ++y) {
        const float* b = diffuser.ptr<float>(y);
        cv::Vec3f* d = out.ptr<cv::Vec3f>(y);
        for (int x = 0; x < size.width; ++x) {
            const float gradient = 1.0f + 0.06f * (float(x) / size.width - 0.5f) - 0.04f * (float(y) / size.height - 0.5f);
            d[x] = colour * float(o.backlightLevel * gradient * (1 + 0.01f * b[x]));
        }
    }
    return out;
}

}  // namespace facet::scenes
