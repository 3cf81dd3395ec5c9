// The piece's shadow on the set: measured where the shot is the plate's own fibres at a lower
// gain; a mirror of the velvet (blurred, displaced) is no shadow; a smooth set cannot tell.
#include "pipeline/set_shadow.hpp"
#include "synthetic_velvet.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

using namespace facet;

namespace {

const float kSigma = 0.001f;
const cv::Vec3f kSigma3(kSigma, kSigma, kSigma);

// Velvet with fibres well above the noise (as the studio set is: docs/quality.md).
cv::Mat velvet(cv::Size size, float textureSigmas, uint64_t seed) {
    return test::velvetPlate(size, textureSigmas * kSigma, seed);
}

cv::Mat withNoise(const cv::Mat& clean, uint64_t seed) { return clean + test::sensorNoise(clean.size(), kSigma, seed); }

}  // namespace

TEST(SetShadow, MeasuresTheLightTheShadowLeavesOnTheVelvet) {
    const cv::Size size(160, 120);
    const cv::Mat plate = velvet(size, 3.0f, 1);
    cv::Mat clean = plate.clone();
    const cv::Rect shadow(80, 0, 80, 120), open(0, 0, 70, 120);
    clean(shadow) *= 0.65;
    const cv::Mat light = shadowOnSet(withNoise(clean, 2), plate, kSigma3);
    ASSERT_FALSE(light.empty());
    const cv::Rect inside(90, 5, 65, 110);
    EXPECT_NEAR(cv::mean(light(inside))[0], 0.65, 0.02);
    EXPECT_GT(cv::countNonZero(light(open) == 1.0f), 0.98 * open.area());
}

TEST(SetShadow, AnUnshadowedSetHasNoShadow) {
    const cv::Mat plate = velvet({160, 120}, 3.0f, 3);
    EXPECT_TRUE(shadowOnSet(withNoise(plate, 4), plate, kSigma3).empty());
}

// Polished metal mirroring the velvet: darker than the set as a shadow is, but its fibres are
// blurred and displaced, not the plate's.
TEST(SetShadow, AMirrorOfTheVelvetIsNoShadow) {
    const cv::Size size(160, 120);
    const cv::Mat plate = velvet(size, 3.0f, 5);
    cv::Mat mirrored, clean = plate.clone();
    cv::GaussianBlur(plate, mirrored, {0, 0}, 2.0);
    const cv::Rect mirror(60, 30, 50, 50);
    const cv::Mat seen = mirrored(mirror + cv::Point(6, -4)) * 0.8;
    seen.copyTo(clean(mirror));
    EXPECT_TRUE(shadowOnSet(withNoise(clean, 6), plate, kSigma3).empty());
}

// Smooth dark acrylic: a darker patch is a shadow or an even mirror; nothing tells which.
TEST(SetShadow, ASmoothSetStaysSilent) {
    const cv::Size size(160, 120);
    const cv::Mat plate(size, CV_32FC3, cv::Scalar::all(0.012));
    cv::Mat clean = plate.clone();
    clean(cv::Rect(80, 0, 80, 120)) *= 0.65;
    EXPECT_TRUE(shadowOnSet(withNoise(clean, 7), plate, kSigma3).empty());
}
