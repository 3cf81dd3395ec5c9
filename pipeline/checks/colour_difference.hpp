#pragma once
// CIELAB and colour differences for the background checks. Linear sRGB primaries (what the
// pipeline holds), D65 white, Y = 1 at the sensor's clip point.
#include <opencv2/core.hpp>

#include <string>

namespace facet::checks {

cv::Vec3d linearBgrToLab(const cv::Vec3d& bgr);

// CIEDE2000 (Sharma, Wu & Dalal 2005), kL = kC = kH = 1.
double deltaE2000(const cv::Vec3d& lab1, const cv::Vec3d& lab2);

// A hue word for the direction of (a*, b*): "red", "orange", "yellow", "green", "cyan",
// "blue", "purple", "magenta".
std::string hueName(double a, double b);

// CIE L* of a linear luminance (0..1).
double lightnessOf(double luminance);

}  // namespace facet::checks
