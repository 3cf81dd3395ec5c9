#include "pipeline/background_evidence.hpp"
#include "synthetic_velvet.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

using namespace facet;

namespace {

// Velvet whose fibres are faint against the noise in each channel alone: 0.8 sigma.
cv::Mat texturedPlate(cv::Size size, float sigma, uint64_t seed) { return test::velvetPlate(size, 0.8 * sigma, seed); }

cv::Mat noise(cv::Size size, float sigma, uint64_t seed) { return test::sensorNoise(size, sigma, seed); }

}  // namespace

// Left half: a hole, the plate itself plus noise. Right half: polished metal mirroring the
// velvet as an even level at exactly the velvet's mean brightness: no bias, and a residual
// energy per channel the energy test alone lets through. Only the plate's own fibres, pixel
// for pixel, tell them apart.
TEST(BackgroundEvidence, HoleFollowsThePlateFibresAnEvenMirrorDoesNot) {
    const cv::Size size(200, 120);
    const float sigma = 0.001f;
    const cv::Mat plate = texturedPlate(size, sigma, 7);
    cv::Mat shot = plate.clone();
    const cv::Rect mirror(100, 0, 100, 120);
    shot(mirror).setTo(cv::Scalar::all(0.012));
    shot += noise(size, sigma, 8);
    const cv::Mat candidates(size, CV_8UC1, cv::Scalar(255));

    const cv::Mat verified = plateVerifiedBackground(shot - plate, plateTexture(plate, cv::Vec3f::all(sigma)), cv::Vec3f::all(sigma),
                                                     candidates, 1);

    const cv::Rect hole(4, 4, 92, 112), mirrorInside(104, 4, 92, 112);
    EXPECT_GT(cv::countNonZero(verified(hole)), 0.97 * hole.area());
    EXPECT_LT(cv::countNonZero(verified(mirrorInside)), 0.02 * mirrorInside.area());
}

// Without texture in the plate (smooth acrylic) the texture test stays silent: a hole is
// still verified by its noise-level residual.
TEST(BackgroundEvidence, SmoothPlateHoleIsStillVerified) {
    const cv::Size size(120, 80);
    const float sigma = 0.001f;
    const cv::Mat plate(size, CV_32FC3, cv::Scalar::all(0.01));
    const cv::Mat shot = plate + noise(size, sigma, 9);
    const cv::Mat candidates(size, CV_8UC1, cv::Scalar(255));
    const cv::Mat verified = plateVerifiedBackground(shot - plate, plateTexture(plate, cv::Vec3f::all(sigma)), cv::Vec3f::all(sigma),
                                                     candidates, 1);
    EXPECT_GT(cv::countNonZero(verified), 0.97 * size.area());
}
