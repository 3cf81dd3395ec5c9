#pragma once
// White balance from a grey card: the card is neutral, so whatever colour the camera recorded
// on it is the light's (and the camera's) cast. Gains make it neutral again, green kept at 1.
#include <opencv2/core.hpp>

#include <string>

namespace facet {

struct GreyCardReading {
    cv::Vec3d meanRgb;        // linear R, G, B of the card (robust: the median per channel)
    cv::Vec3d gains;          // multiply R, G, B by these to neutralise the card (G = 1)
    double clippedFraction = 0;
    double unevenness = 0;    // spread of the card's luminance / its mean (0.02 = 2 %)
};

// `region` in image pixels. InputError (naming the file) when the region is outside the image,
// too small, clipped, too dark or not evenly lit: each says what to do.
GreyCardReading measureGreyCard(const cv::Mat& linearBgr, const cv::Rect& region, const std::string& fileForMessages);

// The gains applied to a linear BGR image.
cv::Mat applyWhiteBalance(const cv::Mat& linearBgr, const cv::Vec3d& gainsRgb);

}  // namespace facet
