#include "calibration/flat_field.hpp"
#include "pipeline/image.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include <cmath>

namespace facet {
namespace {

// Light falling off from a point left of centre, like a key light off to one side.
cv::Mat falloff(cv::Size size, double strength) {
    cv::Mat f(size, CV_32FC3);
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x) {
            const double nx = (x - 0.4 * size.width) / size.width, ny = (y - 0.5 * size.height) / size.height;
            const float v = static_cast<float>(1.0 - strength * (nx * nx + ny * ny));
            f.at<cv::Vec3f>(y, x) = cv::Vec3f(v, v * 0.98f, v * 1.01f);
        }
    return f;
}

TEST(FlatField, RecoversASmoothFalloffDespiteDust) {
    const cv::Size size(400, 300);
    cv::Mat truth = falloff(size, 0.8);
    cv::Mat plate = truth * 0.2;
    cv::Mat noise(size, CV_32FC3);
    cv::RNG(3).fill(noise, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(0.003));
    plate += noise;
    cv::circle(plate, {300, 200}, 12, cv::Scalar::all(0.9), -1);   // a bright speck of dust
    FlatField flat = fitFlatField(plate);

    cv::Mat expected = truth / 1.01;   // normalised to the brightest (the red channel peaks at 1.01)
    double maxRel = 0;
    for (int y = 0; y < size.height; y += 7)
        for (int x = 0; x < size.width; x += 7) {
            const cv::Vec3f a = flat.falloff.at<cv::Vec3f>(y, x), e = truth.at<cv::Vec3f>(y, x);
            for (int c = 0; c < 3; ++c) maxRel = std::max(maxRel, double(std::abs(a[c] / e[c] - a[0] / e[0])));
        }
    EXPECT_LT(maxRel, 0.02);
    // Shape: luminance ratio brightest/darkest from the truth.
    cv::Mat luma = luminance(truth);
    double lo, hi;
    cv::minMaxLoc(luma, &lo, &hi);
    EXPECT_NEAR(flat.evennessStops, std::log2(hi / lo), 0.05);
    EXPECT_NEAR(flat.brightest.x, 0.4 * size.width, 12);
    EXPECT_NEAR(flat.brightest.y, 0.5 * size.height, 12);

    // Correcting the plate leaves it even (apart from the dust and the noise).
    cv::Mat corrected = correctFlatField(truth * 0.2, flat);
    double cLo, cHi;
    cv::minMaxLoc(luminance(corrected), &cLo, &cHi);
    EXPECT_LT(std::log2(cHi / cLo), 0.03);
}

TEST(FlatField, SavedAndLoaded) {
    test::TempDir dir;
    FlatField flat = fitFlatField(falloff({80, 60}, 0.5) * 0.3);
    saveFlatField(dir / "flat.json", flat, "plate.json");
    FlatField back = loadFlatField(dir / "flat.json");
    EXPECT_EQ(cv::norm(back.falloff, flat.falloff, cv::NORM_INF), 0.0);
    EXPECT_DOUBLE_EQ(back.evennessStops, flat.evennessStops);
}

}  // namespace
}  // namespace facet
