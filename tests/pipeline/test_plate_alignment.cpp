#include "pipeline/plate_alignment.hpp"

#include "pipeline/image.hpp"

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

// A plate held in half precision (image.hpp) is aligned from the part its taps reach, converted
// to float: the same values as the float plate's to half precision, inside the frame and where
// the taps reflect at its edges; its gain is measured the same.
TEST(PlateAlignment, AHalfPrecisionPlateAlignsAsTheFloatPlateDoes) {
    const cv::Mat plate = velvet({300, 200}, 5) * 40.0;  // a backlit plate: bright (~0.4)
    const cv::Mat half = halfPrecisionPlate(plate);
    ASSERT_EQ(half.type(), CV_16FC3);
    PlateAlignment a;
    a.gain = 0.97;
    for (cv::Point2d shift : {cv::Point2d(1.3, -0.8), cv::Point2d(-2.6, 1.7), cv::Point2d(0, 0)})
        for (const cv::Rect roi : {cv::Rect(0, 0, 300, 200), cv::Rect(40, 30, 120, 90), cv::Rect(250, 150, 50, 50),
                                   cv::Rect(0, 170, 64, 30)}) {
            a.shift = shift;
            const cv::Mat want = alignedPlate(plate, a, roi), got = alignedPlate(half, a, roi);
            ASSERT_EQ(got.type(), CV_32FC3);
            ASSERT_EQ(got.size(), roi.size());
            // Half precision: 11 significant bits, so within 1/1000 of the level.
            EXPECT_LT(cv::norm(got, want, cv::NORM_INF), 1e-3 * cv::norm(want, cv::NORM_INF))
                << "shift " << shift << " roi " << roi;
        }
    const cv::Mat shot = shifted(plate, {1.3, -0.8}) * 0.97;
    EXPECT_NEAR(measurePlateGain(shot, half, {1.3, -0.8}), measurePlateGain(shot, plate, {1.3, -0.8}), 1e-3);
}
