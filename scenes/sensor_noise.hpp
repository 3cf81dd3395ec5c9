#pragma once
// Sensor noise in linear units where 1.0 is full well: photon shot noise (Poisson, in the
// Gaussian approximation: variance = signal / fullWellElectrons) plus Gaussian read noise, per
// channel, independent per pixel. Averaging N frames divides the variance by N, which is how
// the clean plate gets its lower noise (drawn once with the averaged variance: the same
// distribution as averaging N draws, at 1/N of the cost).
#include <opencv2/core.hpp>

#include <cstdint>

namespace facet::scenes {

// `stream` separates the draws of different frames of the same seed.
void addSensorNoise(cv::Mat& linear, double fullWellElectrons, double readNoise, int framesAveraged, uint64_t seed,
                    uint64_t stream);

// Standard deviation of that noise at a given signal.
double sensorNoiseStd(double signal, double fullWellElectrons, double readNoise, int framesAveraged = 1);

}  // namespace facet::scenes
