#pragma once
// Reading shots and plates from disk into linear light, and writing cutouts.
#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace facet {

struct LoadedImage {
    cv::Mat linear;        // CV_32FC3, linear light (see image.hpp); CV_16FC3 when asked for
    int bitDepth = 8;      // bits per channel in the file (8, 16; RAW: the sensor's)
    int channels = 3;      // channels in the file (1 grey, 3 colour, 4 with alpha)
    std::string format;    // "png", "tiff", "jpeg", "raw"
    std::string path;
};

// Reads PNG, TIFF (8/16 bit) or JPEG and decodes sRGB to linear float. Camera RAW files are
// decoded by raw_decode when that stage is present. Throws InputError naming the file.
LoadedImage loadImage(const std::string& path);

// Several files at once (shot, plate, the backlit pair), sharing the cores among them. Throws
// the InputError of the first file, in the order given, that cannot be read. Files marked in
// `halfPrecision` come back as CV_16FC3 (a plate held for the cutout: see image.hpp), read
// first and one at a time so their float frames never add up.
std::vector<LoadedImage> loadImages(const std::vector<std::string>& paths,
                                    const std::vector<bool>& halfPrecision = {});

// One code of the file's encoding at black, in linear light: the least noise its background
// can show (sRGB files: 1 / ((2^bits - 1) 12.92), 3e-4 for 8 bits; RAW, linear: 1 / (2^bits - 1)).
// A set clipped to pure black, or a JPEG's, measures no noise at all; every compression ripple
// beside the piece would then count as "not the background".
float codeAtBlack(int bitDepth, const std::string& format);
inline float codeAtBlack(const LoadedImage& image) { return codeAtBlack(image.bitDepth, image.format); }

// Which file format a path has, from its magic bytes ("png", "tiff", "jpeg", "raw", or "").
std::string sniffImageFormat(const std::string& path);

// Shot and plate must agree in size, bit depth and channel count; InputError otherwise,
// naming both files and what differs.
void requireSameKind(const LoadedImage& shot, const LoadedImage& other, const std::string& role);

}  // namespace facet
