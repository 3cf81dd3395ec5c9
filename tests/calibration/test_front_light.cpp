#include "calibration/front_light.hpp"
#include "pipeline/errors.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

namespace facet {
namespace {

// A dual capture of an opaque target on a backlit set, with the front light at `k` in the
// backlit frame: the set is dark velvet-like in front light and bright with the backlight on;
// the target (a brushed disc, its light varying across it) blocks the backlight, and the
// backlight spills onto its rim. The plates are the empty set shifted by a pixel and a bit, and
// a few per cent darker; every frame has sensor noise.
struct DualTarget {
    cv::Mat shot, plate, backlitShot, backlitPlate;
};
DualTarget dualTarget(double k, bool withTarget, uint64_t seed) {
    const cv::Size size(320, 240);
    cv::RNG rng(seed);
    cv::Mat set(size, CV_32FC3), backlight(size, CV_32FC3);
    rng.fill(set, cv::RNG::NORMAL, cv::Scalar::all(0.015), cv::Scalar::all(0.004));
    cv::GaussianBlur(set, set, {0, 0}, 0.7);
    set = cv::max(set, 0.001);
    cv::Mat ramp(size, CV_32FC3);
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x)
            ramp.at<cv::Vec3f>(y, x) = cv::Vec3f::all(0.5f + 0.2f * float(x) / float(size.width));
    backlight = set * k + ramp;  // the front light still on at k, plus the backlight through the set

    DualTarget d;
    d.shot = set.clone();
    d.backlitShot = backlight.clone();
    if (withTarget) {
        const cv::Point centre(150, 120);
        const float radius = 45;
        for (int y = 0; y < size.height; ++y)
            for (int x = 0; x < size.width; ++x) {
                const float r = float(std::hypot(x - centre.x, y - centre.y));
                if (r > radius) continue;
                const float brushed = 0.35f + 0.15f * std::sin(float(x) * 0.3f) * std::cos(float(y) * 0.2f);
                const cv::Vec3f front(0.8f * brushed, 0.9f * brushed, brushed);
                d.shot.at<cv::Vec3f>(y, x) = front;
                const float spill = r > radius - 2 ? 0.25f : 0.0f;  // the backlight wraps round the rim
                d.backlitShot.at<cv::Vec3f>(y, x) = front * float(k) + cv::Vec3f::all(spill);
            }
    }
    const cv::Matx23d shift(1, 0, 1.3, 0, 1, -0.8);
    cv::warpAffine(set * 0.97, d.plate, shift, size, cv::INTER_CUBIC, cv::BORDER_REFLECT);
    cv::warpAffine(backlight * 0.98, d.backlitPlate, shift, size, cv::INTER_CUBIC, cv::BORDER_REFLECT);
    for (cv::Mat* m : {&d.shot, &d.plate, &d.backlitShot, &d.backlitPlate}) {
        cv::Mat noise(size, CV_32FC3);
        rng.fill(noise, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(0.001));
        *m += noise;
    }
    return d;
}

}  // namespace

TEST(FrontLight, AnOpaqueTargetGivesTheFrontLightsShareInTheBacklitFrame) {
    for (double k : {0.0, 0.35, 0.6, 1.0}) {
        const DualTarget d = dualTarget(k, true, 7);
        const FrontLightMeasurement m = measureFrontLight(d.shot, d.plate, d.backlitShot, d.backlitPlate, "target");
        EXPECT_NEAR(m.ratio, k, 0.01) << "k " << k;
        EXPECT_GT(m.pixels, 4000) << "k " << k;  // the disc's inside, its spilled rim left out
        if (k > 0) EXPECT_LT(m.spreadPercent, 2.0) << "k " << k;
    }
}

TEST(FrontLight, NoTargetOnTheSetIsAClearError) {
    const DualTarget d = dualTarget(0.6, false, 8);
    try {
        measureFrontLight(d.shot, d.plate, d.backlitShot, d.backlitPlate, "empty.tif and empty-on.tif");
        FAIL() << "measured a front light without a target";
    } catch (const InputError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("empty.tif and empty-on.tif"), std::string::npos) << what;
        EXPECT_NE(what.find("no opaque target found"), std::string::npos) << what;
    }
}

TEST(FrontLight, FramesOfAnotherSizeAreAClearError) {
    DualTarget d = dualTarget(0.6, true, 9);
    cv::Mat smaller = d.backlitPlate(cv::Rect(0, 0, 200, 200)).clone();
    EXPECT_THROW(measureFrontLight(d.shot, d.plate, d.backlitShot, smaller, "target"), InputError);
}

}  // namespace facet
