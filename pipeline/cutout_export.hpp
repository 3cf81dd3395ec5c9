#pragma once
// Writing a cutout: straight foreground colour plus true alpha, chosen by the file extension.
//   .png        RGBA, 16 bit, straight alpha, sRGB
//   .tif/.tiff  RGBA, 16 bit, unassociated alpha, sRGB
//   .jpg/.jpeg  the piece composited on pure white (255, 255, 255), sRGB 8 bit
// Always written to a temporary name and renamed (see atomic_file.hpp).
#include <opencv2/core.hpp>

#include <string>

namespace facet {

// Throws InputError for an unknown extension, OutputError when the file cannot be written.
void saveCutout(const std::string& path, const cv::Mat& foregroundLinear, const cv::Mat& alpha);

// The piece over a flat linear colour (white = 1,1,1): C = a F + (1 - a) W, linear CV_32FC3.
cv::Mat compositeOver(const cv::Mat& foregroundLinear, const cv::Mat& alpha, const cv::Scalar& linearBgr);

// 16-bit RGBA TIFF, unassociated alpha, from sRGB-encoded BGR 16U + alpha 16U.
void writeRgbaTiff16(const std::string& path, const cv::Mat& bgr16, const cv::Mat& alpha16);

}  // namespace facet
