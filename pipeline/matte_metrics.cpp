#include "pipeline/matte_metrics.hpp"

#include "pipeline/matte_regions.hpp"
#include "pipeline/srgb.hpp"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <stdexcept>
#include <string>

namespace facet {
namespace {

void checkPair(const cv::Mat& alpha, const cv::Mat& truth, const cv::Mat& where, const char* metric) {
    const std::string m = metric;
    if (alpha.empty() || alpha.type() != CV_32FC1) throw std::invalid_argument(m + ": alpha must be CV_32FC1");
    if (truth.type() != CV_32FC1 || truth.size() != alpha.size())
        throw std::invalid_argument(m + ": truth must be CV_32FC1 of the alpha's size");
    if (!where.empty() && (where.type() != CV_8UC1 || where.size() != alpha.size()))
        throw std::invalid_argument(m + ": the region mask must be CV_8UC1 of the alpha's size");
}

// Sum of a CV_64FC1 map over the mask (all pixels when the mask is empty).
double sumWhere(const cv::Mat& values, const cv::Mat& where) {
    if (where.empty()) return cv::sum(values)[0];
    const int n = cv::countNonZero(where);
    return n == 0 ? 0.0 : cv::mean(values, where)[0] * n;
}

cv::Mat toDouble(const cv::Mat& m) {
    cv::Mat d;
    m.convertTo(d, CV_64F);
    return d;
}

double gauss(double x, double sigma) { return std::exp(-x * x / (2 * sigma * sigma)) / (sigma * std::sqrt(2 * CV_PI)); }
double dgauss(double x, double sigma) { return -x * gauss(x, sigma) / (sigma * sigma); }

// |grad| with the evaluation code's gaussgradient(): hx(i, j) = gauss(i - h) * dgauss(j - h),
// normalised to unit L2 norm, applied as a convolution with replicated borders.
cv::Mat gradientMagnitude(const cv::Mat& img) {
    const double sigma = 1.4, epsilon = 1e-2;
    const int half = int(std::ceil(sigma * std::sqrt(-2 * std::log(std::sqrt(2 * CV_PI) * sigma * epsilon))));
    const int size = 2 * half + 1;
    cv::Mat hx(size, size, CV_64F);
    for (int i = 0; i < size; ++i)
        for (int j = 0; j < size; ++j) hx.at<double>(i, j) = gauss(i - half, sigma) * dgauss(j - half, sigma);
    hx /= std::sqrt(cv::sum(hx.mul(hx))[0]);
    cv::Mat hy = hx.t();
    // filter2D correlates; a convolution uses the flipped kernel.
    cv::Mat kx, ky, gx, gy;
    cv::flip(hx, kx, -1);
    cv::flip(hy, ky, -1);
    cv::filter2D(img, gx, CV_64F, kx, cv::Point(-1, -1), 0, cv::BORDER_REPLICATE);
    cv::filter2D(img, gy, CV_64F, ky, cv::Point(-1, -1), 0, cv::BORDER_REPLICATE);
    cv::Mat mag;
    cv::magnitude(gx, gy, mag);
    return mag;
}

// The level l at which each pixel leaves the largest connected part of both mattes.
cv::Mat connectivityLevels(const cv::Mat& a, const cv::Mat& gt) {
    const double step = 0.1;
    cv::Mat level(a.size(), CV_64F, cv::Scalar(-1));
    cv::Mat labels, stats, centroids;
    for (int i = 1; i <= 10; ++i) {
        const double t = i * step, previous = (i - 1) * step;
        const cv::Mat both = (a >= t) & (gt >= t);
        const int n = cv::connectedComponentsWithStats(both, labels, stats, centroids, 4, CV_32S);
        int largest = 0, largestArea = 0;
        for (int k = 1; k < n; ++k)
            if (stats.at<int>(k, cv::CC_STAT_AREA) > largestArea) {
                largestArea = stats.at<int>(k, cv::CC_STAT_AREA);
                largest = k;
            }
        for (int y = 0; y < a.rows; ++y) {
            const int* lab = labels.ptr<int>(y);
            double* l = level.ptr<double>(y);
            for (int x = 0; x < a.cols; ++x)
                if (l[x] == -1 && (largest == 0 || lab[x] != largest)) l[x] = previous;
        }
    }
    level.setTo(1.0, level == -1);
    return level;
}

cv::Mat phi(const cv::Mat& alpha, const cv::Mat& level) {
    cv::Mat d = alpha - level;
    cv::Mat keep = d >= 0.15;
    cv::Mat out(alpha.size(), CV_64F, cv::Scalar(1));
    cv::subtract(out, d, out, keep);
    return out;
}

// Fraction of `of` pixels that are also `good` (or `empty` when there are none).
double fraction(const cv::Mat& good, const cv::Mat& of, double empty) {
    const int n = cv::countNonZero(of);
    return n == 0 ? empty : double(cv::countNonZero(good & of)) / n;
}

}  // namespace

double sadError(const cv::Mat& alpha, const cv::Mat& truth, const cv::Mat& where) {
    checkPair(alpha, truth, where, "sadError");
    cv::Mat diff;
    cv::absdiff(toDouble(alpha), toDouble(truth), diff);
    return sumWhere(diff, where) / 1000.0;
}

double mseError(const cv::Mat& alpha, const cv::Mat& truth, const cv::Mat& where) {
    checkPair(alpha, truth, where, "mseError");
    const cv::Mat d = toDouble(alpha) - toDouble(truth);
    const double n = where.empty() ? double(alpha.total()) : double(cv::countNonZero(where));
    return n == 0 ? 0.0 : sumWhere(d.mul(d), where) / n;
}

double gradientError(const cv::Mat& alpha, const cv::Mat& truth, const cv::Mat& where) {
    checkPair(alpha, truth, where, "gradientError");
    const cv::Mat d = gradientMagnitude(toDouble(alpha)) - gradientMagnitude(toDouble(truth));
    return sumWhere(d.mul(d), where) / 1000.0;
}

double connectivityError(const cv::Mat& alpha, const cv::Mat& truth, const cv::Mat& where) {
    checkPair(alpha, truth, where, "connectivityError");
    const cv::Mat a = toDouble(alpha), gt = toDouble(truth);
    const cv::Mat level = connectivityLevels(a, gt);
    cv::Mat diff;
    cv::absdiff(phi(a, level), phi(gt, level), diff);
    return sumWhere(diff, where) / 1000.0;
}

cv::Mat whiteHaloBand(const cv::Mat& truthAlpha) {
    const cv::Mat inside = truthAlpha >= 0.5f, outside = truthAlpha < 0.5f;
    cv::Mat dIn, dOut;
    // Distance from each pixel to the nearest pixel on the other side of the 0.5 contour.
    cv::distanceTransform(inside, dIn, cv::DIST_L2, cv::DIST_MASK_PRECISE);
    cv::distanceTransform(outside, dOut, cv::DIST_L2, cv::DIST_MASK_PRECISE);
    const bool hasContour = cv::countNonZero(inside) > 0 && cv::countNonZero(outside) > 0;
    cv::Mat band = (truthAlpha > 0.0f) & (truthAlpha < 1.0f);
    if (hasContour) band |= (inside & (dIn <= 4.0f)) | (outside & (dOut <= 4.0f));
    return band;
}

JewelryScores scoreJewelryMatte(const cv::Mat& alpha, const cv::Mat& foreground, const cv::Mat& truthAlpha,
                                const cv::Mat& truthForeground, const cv::Mat& regions) {
    checkPair(alpha, truthAlpha, regions, "scoreJewelryMatte");
    if (regions.empty()) throw std::invalid_argument("scoreJewelryMatte: a region map is required");
    if (foreground.type() != CV_32FC3 || foreground.size() != alpha.size() || truthForeground.type() != CV_32FC3 ||
        truthForeground.size() != alpha.size())
        throw std::invalid_argument("scoreJewelryMatte: foregrounds must be linear CV_32FC3 of the alpha's size");
    JewelryScores s;
    s.sad = sadError(alpha, truthAlpha);
    s.mse = mseError(alpha, truthAlpha);
    s.gradient = gradientError(alpha, truthAlpha);
    s.connectivity = connectivityError(alpha, truthAlpha);

    const cv::Mat thin = (regions == kThinWire) & (truthAlpha > 0.5f);
    s.thinRecall = fraction(alpha > 0.5f, thin, 1.0);
    s.holeFidelity = fraction(alpha < 0.1f, regions == kEnclosedHole, 1.0);
    const cv::Mat opaqueMetal =
        ((regions == kMetal) | (regions == kMetalReflection) | (regions == kThinWire)) & (truthAlpha >= 0.99f);
    s.punchThrough = fraction(alpha < 0.5f, opaqueMetal, 0.0);
    const cv::Mat stones = regions == kStone;
    if (cv::countNonZero(stones) > 0) {
        cv::Mat diff;
        cv::absdiff(alpha, truthAlpha, diff);
        s.stoneError = cv::mean(diff, stones)[0];
    }

    const cv::Mat band = whiteHaloBand(truthAlpha);
    double sum = 0;
    int n = 0;
    for (int y = 0; y < alpha.rows; ++y) {
        const uint8_t* b = band.ptr<uint8_t>(y);
        const float* a = alpha.ptr<float>(y);
        const float* t = truthAlpha.ptr<float>(y);
        const cv::Vec3f* f = foreground.ptr<cv::Vec3f>(y);
        const cv::Vec3f* tf = truthForeground.ptr<cv::Vec3f>(y);
        for (int x = 0; x < alpha.cols; ++x) {
            if (!b[x]) continue;
            for (int c = 0; c < 3; ++c) {
                const float mine = a[x] > 0 ? a[x] * f[x][c] + (1 - a[x]) : 1.0f;
                const float truth = t[x] > 0 ? t[x] * tf[x][c] + (1 - t[x]) : 1.0f;
                sum += std::abs(srgbEncode(mine) - srgbEncode(truth)) * 255.0;
            }
            ++n;
        }
    }
    s.whiteHalo = n == 0 ? 0.0 : sum / (3.0 * n);
    return s;
}

}  // namespace facet
