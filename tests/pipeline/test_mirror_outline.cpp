#include "pipeline/mirror_outline.hpp"
#include "synthetic_velvet.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

using namespace facet;

namespace {

constexpr float kSigma = 0.001f;

// Velvet on the left, an even silver mirror of it (85 % of its level) on the right; the
// outline runs down column 60, where row y is covered by (y + 0.5) / rows of the mirror.
struct MirrorEdge {
    cv::Mat plate, shot, outline, patch;
    std::vector<float> coverage;  // per row, at the outline
};

MirrorEdge mirrorEdge(double fibreStd, uint64_t seed) {
    const cv::Size size(120, 200);
    MirrorEdge e;
    e.plate = test::velvetPlate(size, fibreStd, seed);
    const cv::Vec3f mirror = cv::Vec3f::all(0.85f * 0.012f);
    e.shot = e.plate.clone();
    e.shot.colRange(61, size.width).setTo(cv::Scalar(mirror[0], mirror[1], mirror[2]));
    for (int y = 0; y < size.height; ++y) {
        const float a = (y + 0.5f) / size.height;
        e.coverage.push_back(a);
        e.shot.at<cv::Vec3f>(y, 60) = a * mirror + (1 - a) * e.plate.at<cv::Vec3f>(y, 60);
    }
    e.shot += test::sensorNoise(size, kSigma, seed + 1);
    e.outline = cv::Mat::zeros(size, CV_8UC1);
    e.outline.col(60).setTo(255);
    e.patch = cv::Mat::zeros(size, CV_8UC1);
    e.patch.colRange(62, size.width).setTo(255);
    return e;
}

}  // namespace

// Velvet fibres of 3 noise sigmas, as on a real set. Where plate and mirror differ by well over
// 4 sigmas (about half the outline pixels here) the coverage is measured, within 0.15 of the
// truth on average, where calling the mirror opaque is off by 0.5; where they differ by well
// under 4, the outline pixel is taken as covered.
TEST(MirrorOutline, CoverageFollowsThePlatesFibresBehindTheOutline) {
    MirrorEdge e = mirrorEdge(3 * kSigma, 21);
    cv::Mat alpha(e.shot.size(), CV_32FC1, cv::Scalar(1.0f));
    cv::Mat foreground = e.shot.clone();
    measureMirrorOutline(e.shot, e.plate, cv::Vec3f::all(kSigma), e.outline, e.patch, alpha, foreground);

    int measured = 0, alike = 0;
    double error = 0;
    for (int y = 0; y < alpha.rows; ++y) {
        const cv::Vec3f mb = cv::Vec3f::all(0.85f * 0.012f) - e.plate.at<cv::Vec3f>(y, 60);
        const float precision = mb.dot(mb) / (kSigma * kSigma);  // |M - B|^2 in noise units
        const float a = alpha.at<float>(y, 60);
        EXPECT_NEAR(foreground.at<cv::Vec3f>(y, 60)[1], 0.85f * 0.012f, 2 * kSigma) << "the patch's colour, row " << y;
        if (precision > 25) {
            ++measured;
            error += std::abs(a - e.coverage[y]);
        } else if (precision < 9) {
            ++alike;
            EXPECT_EQ(a, 1.0f) << "row " << y;
        }
    }
    EXPECT_GT(measured, 0.3 * alpha.rows);
    EXPECT_GT(alike, 0.1 * alpha.rows);
    EXPECT_LT(error / measured, 0.15);
    // Nothing outside the outline changes.
    EXPECT_EQ(cv::countNonZero(alpha.colRange(0, 60) != 1.0f), 0);
    EXPECT_EQ(cv::countNonZero(alpha.colRange(61, alpha.cols) != 1.0f), 0);
}

// A smooth set behind a mirror at its own level: nothing to measure against, so the
// outline is taken as covered rather than given a guess from noise.
TEST(MirrorOutline, AMirrorTheSameAsASmoothPlateIsTakenAsCovered) {
    MirrorEdge e = mirrorEdge(0.0, 22);
    e.plate.setTo(cv::Scalar::all(0.85 * 0.012));
    cv::Mat alpha(e.shot.size(), CV_32FC1, cv::Scalar(0.5f));
    cv::Mat foreground = e.shot.clone();
    measureMirrorOutline(e.shot, e.plate, cv::Vec3f::all(kSigma), e.outline, e.patch, alpha, foreground);
    EXPECT_EQ(cv::countNonZero(alpha.col(60) != 1.0f), 0);
    EXPECT_EQ(cv::countNonZero(alpha.colRange(0, 60) != 0.5f), 0);
}

// A mirror wire too thin to have an inside: no patch colour to measure against, so its outline
// keeps what the matte gave it.
TEST(MirrorOutline, AnOutlineWithNoInsideNearItIsLeftAlone) {
    MirrorEdge e = mirrorEdge(3 * kSigma, 23);
    e.patch.setTo(0);
    cv::Mat alpha(e.shot.size(), CV_32FC1, cv::Scalar(0.5f));
    cv::Mat foreground = e.shot.clone();
    const cv::Mat before = foreground.clone();
    measureMirrorOutline(e.shot, e.plate, cv::Vec3f::all(kSigma), e.outline, e.patch, alpha, foreground);
    EXPECT_EQ(cv::countNonZero(alpha != 0.5f), 0);
    EXPECT_EQ(cv::norm(foreground, before, cv::NORM_INF), 0.0);
}

namespace {

// An even rose-gold mirror of the velvet (its colour tints the velvet's) with pierced holes
// of 2x2 pixels that show the plate.
struct PiercedMirror {
    cv::Mat plate, shot, mirror, holes;
};

PiercedMirror piercedMirror(cv::Vec3f tint, uint64_t seed) {
    const cv::Size size(120, 120);
    PiercedMirror p;
    p.plate = test::velvetPlate(size, 3 * kSigma, seed);
    p.shot = p.plate.clone();
    const cv::Rect patch(20, 20, 80, 80);
    const cv::Vec3f colour = tint * 0.012f;
    p.shot(patch).setTo(cv::Scalar(colour[0], colour[1], colour[2]));
    p.holes = cv::Mat::zeros(size, CV_8UC1);
    for (int y = 30; y < 90; y += 12)
        for (int x = 30; x < 90; x += 12) p.holes(cv::Rect(x, y, 2, 2)).setTo(255);
    p.plate.copyTo(p.shot, p.holes);
    p.shot += test::sensorNoise(size, kSigma, seed + 1);
    p.mirror = cv::Mat::zeros(size, CV_8UC1);
    p.mirror(patch).setTo(255);  // what the window tests called a reflection: the holes too
    return p;
}

}  // namespace

// A pave's pierced gap in a tinted mirror: every window around it is mostly mirror, so the
// window tests cannot verify it, but each of its pixels is the plate within noise and far
// from the mirror's colour.
TEST(MirrorOutline, AHolePiercedThroughATintedMirrorIsFound) {
    const PiercedMirror p = piercedMirror({0.32f, 0.45f, 0.85f}, 31);
    const cv::Mat found = holesInMirror(p.shot, p.plate, cv::Vec3f::all(kSigma), p.mirror);
    EXPECT_GT(cv::countNonZero(found & p.holes), 0.8 * cv::countNonZero(p.holes));
    EXPECT_EQ(cv::countNonZero(found & (p.holes == 0)), 0);
}

// A silver mirror is nearly the velvet's own colour: where it is too close to the plate to
// tell, nothing is called a hole, and no mirror pixel is.
TEST(MirrorOutline, ASilverMirrorIsNotPiercedByChance) {
    const PiercedMirror p = piercedMirror(cv::Vec3f::all(0.85f), 32);
    const cv::Mat found = holesInMirror(p.shot, p.plate, cv::Vec3f::all(kSigma), p.mirror);
    EXPECT_LE(cv::countNonZero(found & (p.holes == 0)), 2);
}
