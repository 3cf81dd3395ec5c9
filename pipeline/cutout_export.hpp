#pragma once
// Writing a cutout: straight foreground colour plus true alpha, chosen by the file extension.
//   .png        RGBA, 16 bit, straight alpha, sRGB (sRGB/gAMA/cHRM chunks, XMP when given)
//   .tif/.tiff  RGBA, 16 bit, unassociated alpha, sRGB (embedded ICC profile; tags, XMP and a
//               Photoshop clipping path when given)
//   .jpg/.jpeg  the piece composited on pure white (255, 255, 255), sRGB 8 bit
// Always written to a temporary name and renamed (see atomic_file.hpp).
#include <opencv2/core.hpp>

#include <string>

namespace facet {

// What a cutout file carries besides its pixels (all optional; see export_metadata.hpp and
// photoshop_path.hpp for how to fill them).
struct CutoutFileTags {
    std::string make, model;      // TIFF Make, Model: the camera
    std::string dateTime;         // TIFF DateTime, "YYYY:MM:DD HH:MM:SS" (the capture time)
    std::string description;      // TIFF ImageDescription
    std::string xmp;              // XMP packet: TIFF tag 700, PNG iTXt
    std::string photoshopResources;  // 8BIM blocks, TIFF tag 34377 (the clipping path)
};

// Throws InputError for an unknown extension, OutputError when the file cannot be written.
void saveCutout(const std::string& path, const cv::Mat& foregroundLinear, const cv::Mat& alpha,
                const CutoutFileTags& tags = {});

// A grey map (the alpha, the confidence; CV_8UC1 or CV_16UC1) as the extension says: .png
// through the parallel encoder (png_write.hpp), anything else through cv::imwrite. Atomic;
// OutputError when it cannot be written.
void saveGreyMap(const std::string& path, const cv::Mat& grey);

// The piece over a flat linear colour (white = 1,1,1): C = a F + (1 - a) W, linear CV_32FC3.
cv::Mat compositeOver(const cv::Mat& foregroundLinear, const cv::Mat& alpha, const cv::Scalar& linearBgr);

// 16-bit RGBA TIFF, unassociated alpha, from sRGB-encoded BGR 16U + alpha 16U, with the sRGB
// ICC profile embedded.
void writeRgbaTiff16(const std::string& path, const cv::Mat& bgr16, const cv::Mat& alpha16,
                     const CutoutFileTags& tags = {});

}  // namespace facet
