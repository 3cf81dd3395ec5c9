#pragma once
// Matte quality metrics.
//
// SAD, MSE, gradient and connectivity errors follow alphamatting.com (Rhemann et al., "A
// Perceptually Motivated Online Benchmark for Image Matting", CVPR 2009) and the evaluation
// code released with it (also used by Deep Image Matting, Xu et al. 2017). The filters and
// connected components run on the whole image; `where` only selects the pixels summed (the
// trimap's unknown area there; a region or everything here). Alpha is in [0, 1] (not 0-255):
//
//   SAD          = sum_where |a - gt| / 1000
//   MSE          = sum_where (a - gt)^2 / count(where)                       (a mean, not /1000)
//   gradient     = sum_where (|grad a| - |grad gt|)^2 / 1000, grad = convolution with the
//                  first-derivative-of-Gaussian kernels of sigma 1.4 (9x9: half size
//                  ceil(sigma*sqrt(-2 ln(sqrt(2 pi) sigma 0.01))) = 4), each kernel divided by
//                  its L2 norm, borders replicated
//   connectivity = sum_where |phi(a) - phi(gt)| / 1000, with, for thresholds t_i = 0.1 i
//                  (i = 1..10), Omega_i = largest 4-connected component of (a >= t_i) & (gt >= t_i);
//                  l = t_(i-1) for the first i whose Omega_i misses the pixel (1 if none does);
//                  d = alpha - l; phi = 1 - d if d >= 0.15, else 1
//
// Scaling as the benchmark tables report them: the released MATLAB functions return the
// gradient and connectivity sums unscaled (and SAD already /1000); the tables divide all three
// by 1000, as done here. The MATLAB gradient code also stretches each matte with mat2gray
// (min..max -> 0..1); alpha is used as given here, which is the same for mattes spanning 0..1.
//
// The jewelry metrics use a region map (codes in matte_regions.hpp).
#include <opencv2/core.hpp>

namespace facet {

// All take alpha as CV_32FC1 in [0, 1]; `where` is an optional CV_8UC1 mask of the pixels
// that count (empty = all). Throw std::invalid_argument on mismatched sizes or types.
double sadError(const cv::Mat& alpha, const cv::Mat& truth, const cv::Mat& where = {});
double mseError(const cv::Mat& alpha, const cv::Mat& truth, const cv::Mat& where = {});
double gradientError(const cv::Mat& alpha, const cv::Mat& truth, const cv::Mat& where = {});
double connectivityError(const cv::Mat& alpha, const cv::Mat& truth, const cv::Mat& where = {});

struct JewelryScores {
    // alphamatting.com errors over the whole frame (see above).
    double sad = 0, mse = 0, gradient = 0, connectivity = 0;
    // kThinWire pixels with truth > 0.5 that the matte keeps above 0.5 (fraction; 1 if none).
    double thinRecall = 1;
    // kEnclosedHole pixels the matte keeps below 0.1 (fraction; 1 if none).
    double holeFidelity = 1;
    // Opaque-metal pixels -- regions kMetal, kMetalReflection and kThinWire with truth >= 0.99 --
    // that the matte drops below 0.5 (fraction; 0 if none). Reflections are the trap.
    double punchThrough = 0;
    // Mean |alpha - truth| over kStone pixels (0 if none).
    double stoneError = 0;
    // The piece composited on white, a*F + (1 - a)*1 in linear light, then sRGB-encoded to
    // 0-255: mean |matte composite - truth composite| over the three channels, over the edge
    // band: pixels within 4 px (Euclidean) of the truth's 0.5 contour plus every pixel with
    // 0 < truth < 1. A dark fringe from undecontaminated velvet shows up here.
    double whiteHalo = 0;
};

// regions: CV_8UC1 codes as in facet::Region. foreground/truthForeground: linear CV_32FC3,
// straight colour (only read where the corresponding alpha > 0).
JewelryScores scoreJewelryMatte(const cv::Mat& alpha, const cv::Mat& foreground, const cv::Mat& truthAlpha,
                                const cv::Mat& truthForeground, const cv::Mat& regions);

// The edge band of whiteHalo (CV_8UC1, 255 inside), for reports and tests.
cv::Mat whiteHaloBand(const cv::Mat& truthAlpha);

}  // namespace facet
