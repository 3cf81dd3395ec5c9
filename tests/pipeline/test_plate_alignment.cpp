#include "pipeline/plate_alignment.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

using namespace facet;

namespace {

// Velvet-like texture: dark, fine random fibres, a little blur so it is band-limited.
cv::Mat velvet(cv::Size size, uint64_t seed) {
    cv::RNG rng(seed);
    cv::Mat t(size, CV_32FC3);
    rng.fill(t, cv::RNG::NORMAL, cv::Scalar::all(0.01), cv::Scalar::all(0.003));
    cv::GaussianBlur(t, t, {0, 0}, 0.8);
    return cv::max(t, 0.0);
}

cv::Mat shifted(const cv::Mat& img, cv::Point2d shift) {
    cv::Mat out;
    cv::Matx23d m(1, 0, shift.x, 0, 1, shift.y);
    cv::warpAffine(img, out, m, img.size(), cv::INTER_CUBIC, cv::BORDER_REFLECT);
    return out;
}

}  // namespace

TEST(PlateAlignment, MeasuresASubPixelCameraShiftAndExposureDrift) {
    cv::Mat scene = velvet({640, 480}, 7);
    // A bright piece in the middle, which the measurement must ignore.
    cv::circle(scene, {320, 240}, 90, cv::Scalar(0.5, 0.6, 0.7), -1);
    cv::Mat plate = velvet({640, 480}, 7) * 1.04;  // the empty set, 4 % brighter
    cv::Mat shot = shifted(scene, {1.3, -0.7});
    PlateAlignment a = measurePlateAlignment(shot, plate);
    EXPECT_NEAR(a.shift.x, 1.3, 0.15);
    EXPECT_NEAR(a.shift.y, -0.7, 0.15);
    EXPECT_NEAR(a.gain, 1.0 / 1.04, 0.01);
}

TEST(PlateAlignment, AlignedPlateMatchesTheShotOnTheBackground) {
    cv::Mat plate = velvet({400, 300}, 3);
    cv::Mat shot = shifted(plate, {-1.6, 0.9}) * 0.97;
    PlateAlignment a = measurePlateAlignment(shot, plate);
    cv::Rect roi(100, 80, 200, 140);
    cv::Mat aligned = alignedPlate(plate, a, roi);
    cv::Mat diff = shot(roi) - aligned;
    cv::Scalar mean, sd;
    cv::meanStdDev(diff.reshape(1), mean, sd);
    // Texture sd is 0.003 after blur ~0.0013; the residual must be a small part of it.
    EXPECT_LT(sd[0], 0.0003);
}
