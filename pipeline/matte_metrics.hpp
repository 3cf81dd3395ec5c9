#pragma once
// Matte quality metrics.
//
// SAD, MSE, gradient and connectivity errors follow alphamatting.com (Rhemann et al. 2009)
// exactly, evaluated over a region (the trimap's unknown area there; the whole image or a
// region map here). The jewelry metrics use a region map (codes in matte_regions.hpp).
#include <opencv2/core.hpp>

namespace facet {

// All take alpha as CV_32FC1 in [0, 1]; `where` is an optional CV_8UC1 mask of the pixels
// that count (empty = all).
double sadError(const cv::Mat& alpha, const cv::Mat& truth, const cv::Mat& where = {});
double mseError(const cv::Mat& alpha, const cv::Mat& truth, const cv::Mat& where = {});
double gradientError(const cv::Mat& alpha, const cv::Mat& truth, const cv::Mat& where = {});
double connectivityError(const cv::Mat& alpha, const cv::Mat& truth, const cv::Mat& where = {});

struct JewelryScores {
    double sad = 0, mse = 0, gradient = 0, connectivity = 0;
    double thinRecall = 1;     // thin-wire pixels with truth > 0.5 kept > 0.5 (fraction)
    double holeFidelity = 1;   // enclosed-hole pixels with alpha < 0.1 (fraction)
    double punchThrough = 0;   // opaque-metal pixels (incl. reflections) with alpha < 0.5 (fraction)
    double stoneError = 0;     // mean |alpha - truth| over stone pixels
    double whiteHalo = 0;      // mean |composite - truth composite| on white, 0-255 sRGB, 4 px edge band
};

// regions: CV_8UC1 codes as in facet::Region. foreground/truthForeground: linear CV_32FC3.
JewelryScores scoreJewelryMatte(const cv::Mat& alpha, const cv::Mat& foreground, const cv::Mat& truthAlpha,
                                const cv::Mat& truthForeground, const cv::Mat& regions);

}  // namespace facet
