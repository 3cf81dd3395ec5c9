// The matte metrics: hand-computed values on tiny mattes, a plain reference implementation of
// the gradient error, the real alphamatting.com training mattes, and the jewelry scores on a
// rendered scene with known damage.
#include "pipeline/matte_metrics.hpp"

#include "pipeline/matte_regions.hpp"
#include "pipeline/srgb.hpp"
#include "scenes/scene.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>

using namespace facet;

namespace {

cv::Mat matte(int rows, int cols, std::initializer_list<float> values) {
    cv::Mat m(rows, cols, CV_32FC1);
    auto it = values.begin();
    for (int y = 0; y < rows; ++y)
        for (int x = 0; x < cols; ++x) m.at<float>(y, x) = *it++;
    return m;
}

// Plain loops, straight from the evaluation code's definition (convolution, replicate borders).
double referenceGradientError(const cv::Mat& a, const cv::Mat& gt) {
    const double sigma = 1.4;
    const int h = 4;
    double k[9][9], norm = 0;
    for (int i = 0; i < 9; ++i)
        for (int j = 0; j < 9; ++j) {
            const double u = i - h, v = j - h;
            const double g = std::exp(-u * u / (2 * sigma * sigma)) / (sigma * std::sqrt(2 * M_PI));
            const double gv = std::exp(-v * v / (2 * sigma * sigma)) / (sigma * std::sqrt(2 * M_PI));
            k[i][j] = g * (-v * gv / (sigma * sigma));
            norm += k[i][j] * k[i][j];
        }
    norm = std::sqrt(norm);
    auto mag = [&](const cv::Mat& img, int y, int x) {
        double gx = 0, gy = 0;
        for (int i = 0; i < 9; ++i)
            for (int j = 0; j < 9; ++j) {
                // convolution: out(y, x) = sum k(i, j) * img(y - (i - h), x - (j - h))
                const int yy = std::clamp(y - (i - h), 0, img.rows - 1), xx = std::clamp(x - (j - h), 0, img.cols - 1);
                const int yt = std::clamp(y - (j - h), 0, img.rows - 1), xt = std::clamp(x - (i - h), 0, img.cols - 1);
                gx += k[i][j] / norm * img.at<float>(yy, xx);
                gy += k[i][j] / norm * img.at<float>(yt, xt);  // hy = hx transposed
            }
        return std::sqrt(gx * gx + gy * gy);
    };
    double sum = 0;
    for (int y = 0; y < a.rows; ++y)
        for (int x = 0; x < a.cols; ++x) {
            const double d = mag(a, y, x) - mag(gt, y, x);
            sum += d * d;
        }
    return sum / 1000;
}

// Plain loops again: 4-connected flood fill per threshold, straight from the definition.
double referenceConnectivityError(const cv::Mat& a, const cv::Mat& gt, const cv::Mat& where) {
    const int rows = a.rows, cols = a.cols;
    std::vector<double> level(size_t(rows) * cols, -1);
    for (int i = 1; i <= 10; ++i) {
        const double t = i * 0.1;
        std::vector<int> label(level.size(), 0);
        int best = 0, bestSize = 0, next = 0;
        for (int start = 0; start < rows * cols; ++start) {
            const int sy = start / cols, sx = start % cols;
            if (label[start] || a.at<float>(sy, sx) < t || gt.at<float>(sy, sx) < t) continue;
            std::vector<int> stack{start};
            label[start] = ++next;
            int size = 0;
            while (!stack.empty()) {
                const int p = stack.back();
                stack.pop_back();
                ++size;
                const int y = p / cols, x = p % cols;
                const int ny[4] = {y - 1, y + 1, y, y}, nx[4] = {x, x, x - 1, x + 1};
                for (int k = 0; k < 4; ++k) {
                    if (ny[k] < 0 || nx[k] < 0 || ny[k] >= rows || nx[k] >= cols) continue;
                    const int q = ny[k] * cols + nx[k];
                    if (label[q] || a.at<float>(ny[k], nx[k]) < t || gt.at<float>(ny[k], nx[k]) < t) continue;
                    label[q] = next;
                    stack.push_back(q);
                }
            }
            if (size > bestSize) {
                bestSize = size;
                best = next;
            }
        }
        for (size_t p = 0; p < level.size(); ++p)
            if (level[p] == -1 && (best == 0 || label[p] != best)) level[p] = (i - 1) * 0.1;
    }
    double sum = 0;
    for (int y = 0; y < rows; ++y)
        for (int x = 0; x < cols; ++x) {
            if (!where.at<uint8_t>(y, x)) continue;
            const double l = level[size_t(y) * cols + x] == -1 ? 1.0 : level[size_t(y) * cols + x];
            const double da = a.at<float>(y, x) - l, dg = gt.at<float>(y, x) - l;
            sum += std::abs((da >= 0.15 ? 1 - da : 1.0) - (dg >= 0.15 ? 1 - dg : 1.0));
        }
    return sum / 1000;
}

struct RealMatte {
    cv::Mat truth, unknown;
};

RealMatte loadReal(const std::string& name) {
    const auto root = test::sharedData() / "matting" / "alphamatting_lowres";
    cv::Mat gt8 = cv::imread((root / "gt_training_lowres" / name).string(), cv::IMREAD_GRAYSCALE);
    cv::Mat tri = cv::imread((root / "trimap_training_lowres" / "Trimap1" / name).string(), cv::IMREAD_GRAYSCALE);
    RealMatte m;
    if (gt8.empty() || tri.empty()) return m;
    gt8.convertTo(m.truth, CV_32F, 1.0 / 255);
    m.unknown = tri == 128;
    return m;
}

}  // namespace

TEST(MatteMetrics, SadAndMseByHand) {
    const cv::Mat a = matte(1, 4, {0.0f, 0.5f, 1.0f, 0.25f});
    const cv::Mat gt = matte(1, 4, {0.0f, 1.0f, 1.0f, 0.0f});
    EXPECT_NEAR(sadError(a, gt), (0.5 + 0.25) / 1000, 1e-12);
    EXPECT_NEAR(mseError(a, gt), (0.25 + 0.0625) / 4, 1e-12);
    cv::Mat where = (cv::Mat_<uint8_t>(1, 4) << 0, 255, 0, 0);
    EXPECT_NEAR(sadError(a, gt, where), 0.5 / 1000, 1e-12);
    EXPECT_NEAR(mseError(a, gt, where), 0.25, 1e-12);
    EXPECT_EQ(sadError(gt, gt), 0.0);
    EXPECT_EQ(mseError(gt, gt), 0.0);
}

TEST(MatteMetrics, GradientErrorMatchesAPlainReference) {
    cv::Mat gt(24, 30, CV_32FC1), a(24, 30, CV_32FC1);
    cv::RNG rng(5);
    rng.fill(gt, cv::RNG::UNIFORM, 0.0, 1.0);
    cv::GaussianBlur(gt, gt, {0, 0}, 2.0);
    cv::threshold(gt, a, 0.5, 1.0, cv::THRESH_BINARY);
    const double ref = referenceGradientError(a, gt);
    EXPECT_GT(ref, 0.0);
    EXPECT_NEAR(gradientError(a, gt), ref, 1e-9 + 1e-7 * ref);
    EXPECT_EQ(gradientError(gt, gt), 0.0);
    // A constant offset has no gradient: no gradient error.
    EXPECT_NEAR(gradientError(cv::Mat(gt + 0.1f), gt), 0.0, 1e-12);
}

TEST(MatteMetrics, ConnectivityByHand) {
    // A 2x2 opaque block, and a pixel touching it only diagonally.
    cv::Mat gt = matte(3, 3, {1, 1, 0, 1, 1, 0, 0, 0, 1});
    EXPECT_EQ(connectivityError(gt, gt), 0.0);
    // The lone pixel is disconnected from the first threshold: l = 0. Prediction 0.6 gives
    // phi = 1 - 0.6 = 0.4 against the truth's 1 - 1 = 0: error 0.4 / 1000.
    cv::Mat a = gt.clone();
    a.at<float>(2, 2) = 0.6f;
    EXPECT_NEAR(connectivityError(a, gt), 0.4 / 1000, 1e-9);
    // Below theta = 0.15 the pixel counts as fully connected (phi = 1): error 1 / 1000.
    a.at<float>(2, 2) = 0.1f;
    EXPECT_NEAR(connectivityError(a, gt), 1.0 / 1000, 1e-9);
    // A pixel 4-connected to the block: the truth 0.5, the prediction 0.32. Both leave the
    // connected part after t = 0.3 (the prediction falls below 0.4): l = 0.3, phi(a) = 1
    // (d = 0.02 < 0.15), phi(gt) = 1 - 0.2 = 0.8.
    cv::Mat gt2 = matte(3, 3, {1, 1, 0.5f, 1, 1, 0, 0, 0, 0});
    cv::Mat a2 = gt2.clone();
    a2.at<float>(0, 2) = 0.32f;
    EXPECT_NEAR(connectivityError(a2, gt2), 0.2 / 1000, 1e-7);
    // Only the selected pixels count.
    cv::Mat where = cv::Mat::zeros(3, 3, CV_8UC1);
    EXPECT_EQ(connectivityError(a2, gt2, where), 0.0);
}

TEST(MatteMetrics, BadInputIsRefused) {
    cv::Mat a(4, 4, CV_32FC1, cv::Scalar(0)), b(4, 5, CV_32FC1, cv::Scalar(0)), c(4, 4, CV_8UC1, cv::Scalar(0));
    EXPECT_THROW(sadError(a, b), std::invalid_argument);
    EXPECT_THROW(mseError(c, a), std::invalid_argument);
    EXPECT_THROW(gradientError(a, a, cv::Mat(2, 2, CV_8UC1)), std::invalid_argument);
    EXPECT_THROW(connectivityError(a, c), std::invalid_argument);
}

TEST(MatteMetrics, RealAlphamattingMattesOrderBlurAndThresholdDamage) {
    if (!test::haveSharedData()) GTEST_SKIP() << "shared data folder absent: " << test::sharedData();
    int checked = 0;
    for (const char* name : {"GT01.png", "GT04.png", "GT10.png", "GT17.png", "GT25.png"}) {
        SCOPED_TRACE(name);
        const RealMatte m = loadReal(name);
        if (m.truth.empty()) continue;
        ++checked;
        const cv::Mat& gt = m.truth;
        const cv::Mat& u = m.unknown;
        ASSERT_GT(cv::countNonZero(u), 1000);
        EXPECT_EQ(sadError(gt, gt, u), 0.0);
        EXPECT_EQ(mseError(gt, gt, u), 0.0);
        EXPECT_EQ(gradientError(gt, gt, u), 0.0);
        EXPECT_EQ(connectivityError(gt, gt, u), 0.0);
        cv::Mat soft, softer, hard;
        cv::GaussianBlur(gt, soft, {0, 0}, 1.5);
        cv::GaussianBlur(gt, softer, {0, 0}, 4.0);
        cv::threshold(gt, hard, 0.5, 1.0, cv::THRESH_BINARY);
        // More blur, more error, on every metric.
        EXPECT_GT(sadError(soft, gt, u), 0.0);
        EXPECT_GT(sadError(softer, gt, u), sadError(soft, gt, u));
        EXPECT_GT(mseError(softer, gt, u), mseError(soft, gt, u));
        EXPECT_GT(gradientError(softer, gt, u), gradientError(soft, gt, u));
        EXPECT_GT(connectivityError(softer, gt, u), 0.0);
        // Cutting hard at 0.5: each soft pixel is off by min(gt, 1 - gt), exactly.
        const cv::Mat offBy = cv::min(gt, cv::Mat(1.0f - gt));
        EXPECT_NEAR(sadError(hard, gt, u), cv::mean(offBy, u)[0] * cv::countNonZero(u) / 1000, 1e-6);
        EXPECT_GT(gradientError(hard, gt, u), 0.0);
        EXPECT_GT(connectivityError(hard, gt, u), 0.0);
        // The units: /1000 sums over the unknown area give SADs of a few to a few tens here.
        EXPECT_GT(sadError(softer, gt, u), 0.5);
        EXPECT_LT(sadError(softer, gt, u), 200.0);
        EXPECT_LT(mseError(softer, gt, u), 0.2);
    }
    EXPECT_GT(checked, 0) << "no alphamatting.com mattes found";
}

TEST(MatteMetrics, ConnectivityMatchesAPlainReferenceOnARealMatte) {
    if (!test::haveSharedData()) GTEST_SKIP() << "shared data folder absent: " << test::sharedData();
    const RealMatte m = loadReal("GT04.png");
    ASSERT_FALSE(m.truth.empty());
    // A crop through the soft boundary (hair), damaged by blur and by noise.
    const cv::Rect box = cv::boundingRect(m.unknown) & cv::Rect(0, 0, m.truth.cols, m.truth.rows);
    const cv::Rect crop(box.x + box.width / 2 - 80, box.y + box.height / 2 - 80, 160, 160);
    const cv::Mat gt = m.truth(crop & cv::Rect(0, 0, m.truth.cols, m.truth.rows)).clone();
    const cv::Mat u = m.unknown(crop & cv::Rect(0, 0, m.truth.cols, m.truth.rows)).clone();
    cv::Mat blurred, noisy(gt.size(), CV_32FC1);
    cv::GaussianBlur(gt, blurred, {0, 0}, 2.5);
    cv::RNG rng(3);
    rng.fill(noisy, cv::RNG::NORMAL, 0, 0.15);
    noisy = cv::min(cv::max(noisy + gt, 0.0), 1.0);
    for (const cv::Mat& a : {blurred, noisy}) {
        const double ref = referenceConnectivityError(a, gt, u);
        EXPECT_GT(ref, 0.0);
        EXPECT_NEAR(connectivityError(a, gt, u), ref, 1e-9 + 1e-9 * ref);
    }
}

TEST(JewelryScores, TruthAgainstItselfIsPerfect) {
    scenes::SceneOptions o;
    o.piece = scenes::Piece::CableChain;
    o.seed = 9;
    const scenes::Scene s = scenes::renderScene(o);
    const JewelryScores j = scoreJewelryMatte(s.alpha, s.foreground, s.alpha, s.foreground, s.regions);
    EXPECT_EQ(j.sad, 0.0);
    EXPECT_EQ(j.mse, 0.0);
    EXPECT_EQ(j.gradient, 0.0);
    EXPECT_EQ(j.connectivity, 0.0);
    EXPECT_EQ(j.thinRecall, 1.0);
    EXPECT_EQ(j.holeFidelity, 1.0);
    EXPECT_EQ(j.punchThrough, 0.0);
    EXPECT_EQ(j.stoneError, 0.0);
    EXPECT_EQ(j.whiteHalo, 0.0);
}

TEST(JewelryScores, EachDamageShowsInItsOwnScore) {
    scenes::SceneOptions o;
    o.piece = scenes::Piece::TennisBracelet;
    o.seed = 9;
    const scenes::Scene s = scenes::renderScene(o);
    const cv::Mat& r = s.regions;

    // Holes filled with metal: a generic tool's mistake.
    cv::Mat filled = s.alpha.clone();
    filled.setTo(1.0f, r == kEnclosedHole);
    const auto holes = scoreJewelryMatte(filled, s.foreground, s.alpha, s.foreground, r);
    EXPECT_EQ(holes.holeFidelity, 0.0);
    EXPECT_EQ(holes.thinRecall, 1.0);
    EXPECT_GT(holes.sad, 0.0);

    // Reflections read as background: punch-through is the reflective share of opaque metal.
    cv::Mat punched = s.alpha.clone();
    punched.setTo(0.0f, r == kMetalReflection);
    const auto punch = scoreJewelryMatte(punched, s.foreground, s.alpha, s.foreground, r);
    const cv::Mat opaque = ((r == kMetal) | (r == kMetalReflection) | (r == kThinWire)) & (s.alpha >= 0.99f);
    const double share = double(cv::countNonZero(opaque & (r == kMetalReflection))) / cv::countNonZero(opaque);
    EXPECT_NEAR(punch.punchThrough, share, 1e-12);
    EXPECT_GT(punch.punchThrough, 0.02);
    EXPECT_EQ(punch.holeFidelity, 1.0);

    // Thin links smoothed away.
    cv::Mat smoothed = s.alpha.clone();
    smoothed.setTo(0.0f, r == kThinWire);
    EXPECT_EQ(scoreJewelryMatte(smoothed, s.foreground, s.alpha, s.foreground, r).thinRecall, 0.0);

    // A transmit matte scored against the preserve truth: the stones' error is their mean
    // transparency.
    const auto stones = scoreJewelryMatte(s.alphaTransmit, s.foreground, s.alpha, s.foreground, r);
    cv::Mat diff;
    cv::absdiff(s.alphaTransmit, s.alpha, diff);
    EXPECT_NEAR(stones.stoneError, cv::mean(diff, r == kStone)[0], 1e-6);
    EXPECT_GT(stones.stoneError, 0.2);

    // The velvet left in the edge colour (no decontamination): F = C / a darkens nothing but
    // F = C (the raw shot as colour) leaves the dark fringe on white.
    cv::Mat contaminated = s.shot.clone();
    const auto halo = scoreJewelryMatte(s.alpha, contaminated, s.alpha, s.foreground, r);
    EXPECT_GT(halo.whiteHalo, 1.0);
    EXPECT_EQ(halo.sad, 0.0);
}

TEST(JewelryScores, WhiteHaloByHand) {
    // A vertical edge: truth 1 | 0.5 | 0 ..., the matte's foreground half as bright at the
    // soft pixel.
    cv::Mat truth(1, 12, CV_32FC1, cv::Scalar(0));
    truth.colRange(0, 5).setTo(1.0f);
    truth.at<float>(0, 5) = 0.5f;
    cv::Mat f(1, 12, CV_32FC3, cv::Scalar(0.2, 0.2, 0.2)), mine = f.clone();
    mine.at<cv::Vec3f>(0, 5) = cv::Vec3f(0.1f, 0.1f, 0.1f);
    const cv::Mat regions = cv::Mat::zeros(1, 12, CV_8UC1);
    const cv::Mat band = whiteHaloBand(truth);
    // Within 4 px of the 0.5 contour (between x = 5 and x = 6), plus the soft pixel.
    EXPECT_EQ(cv::countNonZero(band), 8);  // x = 2..9
    const auto j = scoreJewelryMatte(truth, mine, truth, f, regions);
    const double expected =
        255.0 * std::abs(srgbEncode(0.5f * 0.1f + 0.5f) - srgbEncode(0.5f * 0.2f + 0.5f)) / 8.0;
    EXPECT_NEAR(j.whiteHalo, expected, 1e-4);
}
