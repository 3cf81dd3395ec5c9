#pragma once
// Synthetic velvet for the background tests: a dark level whose fibre texture is the same in
// all three channels (as real pile is), and the sensor's per-channel noise.
#include <opencv2/core.hpp>

#include <cstdint>
#include <vector>

namespace facet::test {

// Linear CV_32FC3: 0.012 plus fibres of standard deviation `fibreStd`.
inline cv::Mat velvetPlate(cv::Size size, double fibreStd, uint64_t seed) {
    cv::RNG rng(seed);
    cv::Mat fibres(size, CV_32FC1);
    rng.fill(fibres, cv::RNG::NORMAL, 0.0, fibreStd);
    cv::Mat plate;
    cv::merge(std::vector<cv::Mat>{fibres, fibres, fibres}, plate);
    return plate + cv::Scalar::all(0.012);
}

// Linear CV_32FC3 Gaussian noise of `sigma` in each channel.
inline cv::Mat sensorNoise(cv::Size size, float sigma, uint64_t seed) {
    cv::RNG rng(seed);
    cv::Mat n(size, CV_32FC3);
    rng.fill(n, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(sigma));
    return n;
}

}  // namespace facet::test
