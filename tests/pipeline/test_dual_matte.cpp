#include "pipeline/dual_matte.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

using namespace facet;

namespace {

struct DualSet {
    cv::Mat c1, p1, c2, p2, alpha;
};

// The dark set a front plate shows: 0.005-0.02 linear, pixel to pixel.
cv::Mat darkPlate(cv::Size size, cv::RNG& rng) {
    cv::Mat p(size, CV_32FC3);
    rng.fill(p, cv::RNG::UNIFORM, cv::Scalar::all(0.005), cv::Scalar::all(0.02));
    return p;
}

// Sensor noise of `sigma` on both frames of a shot.
void addNoise(cv::Mat& c1, cv::Mat& c2, double sigma, cv::RNG& rng) {
    for (cv::Mat* m : {&c1, &c2}) {
        cv::Mat n(m->size(), CV_32FC3);
        rng.fill(n, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(sigma));
        *m += n;
    }
}

// A disc of gold metal (opaque) beside a "stone" of alpha 0.5, on velvet, backlit on a
// white support, with the front light scaled by k in the backlit frame.
DualSet makeDual(double k, double noise, uint64_t seed) {
    const cv::Size size(200, 120);
    cv::RNG rng(seed);
    DualSet s;
    s.p1 = darkPlate(size, rng);
    cv::Mat backlight(size, CV_32FC3, cv::Scalar(0.75, 0.8, 0.8));
    s.alpha = cv::Mat::zeros(size, CV_32FC1);
    cv::circle(s.alpha, {60, 60}, 30, 1.0, -1, cv::LINE_AA);
    cv::circle(s.alpha, {140, 60}, 30, 0.5, -1, cv::LINE_8);
    cv::Mat f(size, CV_32FC3, cv::Scalar(0.2, 0.5, 0.7));  // gold, B G R
    cv::Mat a3;
    cv::merge(std::vector<cv::Mat>{s.alpha, s.alpha, s.alpha}, a3);
    cv::Mat one(size, CV_32FC3, cv::Scalar::all(1));
    s.c1 = a3.mul(f) + (one - a3).mul(s.p1);
    s.p2 = backlight + k * s.p1;
    s.c2 = k * a3.mul(f) + (one - a3).mul(s.p2);
    addNoise(s.c1, s.c2, noise, rng);
    return s;
}

}  // namespace

TEST(DualMatte, FindsTheFrontLightRatioFromOpaquePixels) {
    for (double k : {1.0, 0.6, 0.25}) {
        DualSet s = makeDual(k, 0.001, 5);
        EXPECT_NEAR(estimateFrontLightRatio(s.c1, s.p1, s.c2, s.p2, 0.001), k, 0.03) << "k=" << k;
    }
}

TEST(DualMatte, RecoversPartialAlphaOfAStoneExactly) {
    for (double k : {1.0, 0.4}) {
        DualSet s = makeDual(k, 0.002, 9);
        CutoutParams p;
        p.stones = StoneTreatment::Transmit;
        const cv::Vec3f sigma(0.002f, 0.002f, 0.002f);
        DualMatte d = solveDual(s.c1, s.p1, s.c2, s.p2, sigma, sigma, p);
        EXPECT_NEAR(d.frontLightRatio, k, 0.03);
        const double err = cv::mean(cv::abs(d.alpha - s.alpha))[0];
        EXPECT_LT(err, 0.01) << "k=" << k;
        EXPECT_NEAR(d.alpha.at<float>(60, 140), 0.5, 0.03);  // the stone transmits half
        EXPECT_EQ(d.alpha.at<float>(60, 60), 1.0f);          // metal blocks all
        EXPECT_EQ(d.alpha.at<float>(5, 5), 0.0f);            // the bare support
    }
}

TEST(DualMatte, PreserveKeepsStonesOpaqueInsideTheirOutline) {
    DualSet s = makeDual(1.0, 0.002, 11);
    CutoutParams p;
    p.stones = StoneTreatment::Preserve;
    const cv::Vec3f sigma(0.002f, 0.002f, 0.002f);
    DualMatte d = solveDual(s.c1, s.p1, s.c2, s.p2, sigma, sigma, p);
    EXPECT_EQ(d.alpha.at<float>(60, 140), 1.0f);
}

TEST(DualMatte, MetalColouredSpillOnARimIsNotTransmission) {
    DualSet s = makeDual(1.0, 0.001, 13);
    // Backlight spilling onto the metal disc's rim: gold-tinted extra light in the backlit frame.
    cv::Mat rim = cv::Mat::zeros(s.alpha.size(), CV_8UC1);
    cv::circle(rim, {60, 60}, 27, 255, 3);
    s.c2.setTo(cv::Scalar(0.2 * 0.3 + 0.2, 0.5 * 0.3 + 0.5, 0.7 * 0.3 + 0.7), rim);
    const cv::Vec3f sigma(0.001f, 0.001f, 0.001f);
    CutoutParams p;
    p.stones = StoneTreatment::Transmit;
    DualMatte d = solveDual(s.c1, s.p1, s.c2, s.p2, sigma, sigma, p);
    EXPECT_GT(cv::mean(d.alpha, rim)[0], 0.97);
    EXPECT_GT(cv::countNonZero(d.spill & rim), cv::countNonZero(rim) / 2);
}

// Silver under a neutral backlight: spill and transmission have the same hue, so only where the
// light is tells them apart. A silver bezel round a stone catches spill on its outer rim like
// the silver band beside it; the stone right inside it passes far more. The bezel is settled
// as spill (the band's measured share is the most it may pass), the stone keeps its alpha.
TEST(DualMatte, ASilverBezelBesideAStoneIsSpillNotTransmission) {
    const cv::Size size(220, 120);
    cv::RNG rng(17);
    const cv::Mat p1 = darkPlate(size, rng);
    const double k = 0.6, spillShare = 0.12;
    cv::Mat alpha = cv::Mat::zeros(size, CV_32FC1), stone = cv::Mat::zeros(size, CV_8UC1);
    cv::rectangle(alpha, cv::Rect(10, 50, 80, 12), 1.0, -1);     // a silver band
    cv::circle(alpha, {150, 60}, 34, 1.0, -1);                    // the bezel ...
    cv::circle(stone, {150, 60}, 31, 255, -1);                    // ... round a stone
    alpha.setTo(0.55, stone);
    cv::Mat solid = alpha >= 1.0f, dist;
    cv::distanceTransform(solid, dist, cv::DIST_L2, 3);
    cv::Mat c1(size, CV_32FC3), c2(size, CV_32FC3), p2(size, CV_32FC3);
    cv::Mat rim = cv::Mat::zeros(size, CV_8UC1);
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x) {
            const float a = alpha.at<float>(y, x);
            const cv::Vec3f b1 = p1.at<cv::Vec3f>(y, x), f(0.45f, 0.45f, 0.45f), l(0.8f, 0.8f, 0.8f);
            const cv::Vec3f b2 = l + float(k) * b1;
            p2.at<cv::Vec3f>(y, x) = b2;
            c1.at<cv::Vec3f>(y, x) = a * f + (1 - a) * b1;
            c2.at<cv::Vec3f>(y, x) = a * float(k) * f + (1 - a) * b2;
            // Spill on the solid metal within 2 px of an edge with backlight behind it (the
            // bezel's outer rim only: its inner edge meets the stone, whose alpha is not 0).
            const bool outerRim = a >= 1.0f && dist.at<float>(y, x) <= 2.0f &&
                                  (x < 100 || cv::norm(cv::Point2f(float(x), float(y)) - cv::Point2f(150, 60)) > 31.5f);
            if (outerRim) {
                c2.at<cv::Vec3f>(y, x) += float(spillShare) * l;
                rim.at<uchar>(y, x) = 255;
            }
        }
    addNoise(c1, c2, 0.001, rng);
    const cv::Vec3f sigma(0.001f, 0.001f, 0.001f);
    CutoutParams p;
    p.stones = StoneTreatment::Transmit;
    DualMatte d = solveDual(c1, p1, c2, p2, sigma, sigma, p, k);
    cv::Mat bezelRim = rim.clone();
    bezelRim(cv::Rect(0, 0, 100, size.height)).setTo(0);
    cv::Mat bandRim = rim & (bezelRim == 0);
    ASSERT_GT(cv::countNonZero(bezelRim), 100);
    EXPECT_GT(cv::mean(d.alpha, bandRim)[0], 0.97);   // spill on a rim away from stones
    EXPECT_GT(cv::mean(d.alpha, bezelRim)[0], 0.97);  // and on the bezel beside the stone
    cv::Mat stoneInside;
    cv::erode(stone, stoneInside, cv::Mat(), {-1, -1}, 2);
    EXPECT_NEAR(cv::mean(d.alpha, stoneInside)[0], 0.55, 0.02);  // the stone still transmits
}

// Polished gold mirroring the dark set has no gold colour of its own in the front shot, but the
// backlight it catches on its rim is gold-tinted all the same. Inside a mirror wider than the
// two pixels round it, the tile's lit metal gives the spill's colour: the mirror stays opaque.
TEST(DualMatte, SpillOnAMirrorWiderThanItsLitNeighboursIsNotTransmission) {
    const cv::Size size(200, 120);
    cv::RNG rng(21);
    const cv::Mat p1 = darkPlate(size, rng);
    const cv::Vec3f gold(0.2f, 0.5f, 0.7f), light(0.8f, 0.8f, 0.8f);
    const float k = 0.6f;
    cv::Mat alpha = cv::Mat::zeros(size, CV_32FC1), mirror = cv::Mat::zeros(size, CV_8UC1);
    cv::circle(alpha, {100, 60}, 45, 1.0, -1);
    cv::rectangle(mirror, cv::Rect(50, 40, 30, 40), 255, -1);  // a polished patch reaching the rim
    mirror &= alpha >= 1.0f;
    cv::Mat solid = alpha >= 1.0f, dist;
    cv::distanceTransform(solid, dist, cv::DIST_L2, 3);
    cv::Mat c1(size, CV_32FC3), c2(size, CV_32FC3), p2(size, CV_32FC3);
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x) {
            const float a = alpha.at<float>(y, x);
            const cv::Vec3f b1 = p1.at<cv::Vec3f>(y, x), b2 = light + k * b1;
            // The mirror shows the dark set (~0.02), gold-tinted; the rest is lit gold.
            const cv::Vec3f f = mirror.at<uchar>(y, x) ? gold * (0.85f * 0.02f / 0.7f) : gold;
            p2.at<cv::Vec3f>(y, x) = b2;
            c1.at<cv::Vec3f>(y, x) = a * f + (1 - a) * b1;
            c2.at<cv::Vec3f>(y, x) = a * k * f + (1 - a) * b2;
            const float d = dist.at<float>(y, x);
            if (a >= 1.0f && d <= 3.0f) c2.at<cv::Vec3f>(y, x) += 0.15f * std::clamp((3.0f - d) / 2.0f, 0.0f, 1.0f) * gold.mul(light) / 0.7f;
        }
    addNoise(c1, c2, 0.001, rng);
    const cv::Vec3f sigma(0.001f, 0.001f, 0.001f);
    CutoutParams p;
    p.stones = StoneTreatment::Transmit;
    DualMatte d = solveDual(c1, p1, c2, p2, sigma, sigma, p, k);
    // The mirror's rim beyond its lit neighbours' reach: 3 px or more from lit gold.
    cv::Mat lit = solid & (mirror == 0), fromLit;
    cv::distanceTransform(lit == 0, fromLit, cv::DIST_L2, 3);
    const cv::Mat mirrorRim = mirror & (dist <= 2.5f) & (fromLit >= 3.0f);
    ASSERT_GT(cv::countNonZero(mirrorRim), 20);
    EXPECT_GT(cv::mean(d.alpha, mirrorRim)[0], 0.97);
}
