#include "scenes/sensor_noise.hpp"

#include "scenes/scene_random.hpp"

#include <algorithm>
#include <cmath>

namespace facet::scenes {

double sensorNoiseStd(double signal, double fullWell, double readNoise, int frames) {
    return std::sqrt((std::max(0.0, signal) / fullWell + readNoise * readNoise) / frames);
}

void addSensorNoise(cv::Mat& linear, double fullWell, double readNoise, int frames, uint64_t seed, uint64_t stream) {
    CV_Assert(linear.depth() == CV_32F && fullWell > 0 && frames >= 1);
    cv::RNG rng(mix64(seed ^ mix64(0xA11CE + stream)));
    const int n = linear.cols * linear.channels();
    cv::Mat normal(1, n, CV_32FC1);
    const float shot = float(1.0 / (fullWell * frames));
    const float read = float(readNoise * readNoise / frames);
    for (int y = 0; y < linear.rows; ++y) {  // row by row: no full-size temporary at 6000x4000
        rng.fill(normal, cv::RNG::NORMAL, 0, 1);
        const float* z = normal.ptr<float>(0);
        float* v = linear.ptr<float>(y);
        for (int i = 0; i < n; ++i) v[i] += std::sqrt(std::max(0.0f, v[i]) * shot + read) * z[i];
    }
}

}  // namespace facet::scenes
