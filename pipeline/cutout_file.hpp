#pragma once
// Reading a saved cutout back (16-bit RGBA PNG or TIFF with straight alpha), with what it
// carries: for `facet export` (marketplace JPEG and clipping path from an existing cutout)
// and for checking our own files.
#include "pipeline/cutout_export.hpp"

#include <opencv2/core.hpp>

#include <string>

namespace facet {

struct CutoutFile {
    cv::Mat foreground;   // linear CV_32FC3 BGR, straight colour
    cv::Mat alpha;        // CV_32FC1
    CutoutFileTags tags;  // what was found of them (TIFF tags, XMP)
    std::string iccProfile;  // TIFF: the embedded profile bytes
    bool srgbTagged = false; // PNG sRGB chunk or TIFF ICC profile present
};

// Throws InputError naming the file when it is missing, corrupt or has no alpha channel.
CutoutFile readCutoutFile(const std::string& path);

}  // namespace facet
