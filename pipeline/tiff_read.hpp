#pragma once
// Reading the common studio TIFF (8 or 16 bit, RGB, RGBA or grey, in strips) straight into
// linear light: the strips are decoded in parallel, each by its own libtiff handle, and every
// decoded strip goes through the sRGB table into the float frame at once, with no full-size
// 16-bit copy in between. A 24 MP 16-bit LZW TIFF is mostly decompression: this halves its
// time on two cores and saves a 144 MB intermediate. LZW strips as editors write them go
// through our own decoder (tiff_lzw.hpp: 2.5 times libtiff's speed on a 16-bit photo);
// everything else, and any strip it refuses, through libtiff.
#include <opencv2/core.hpp>

#include <optional>
#include <string>
#include <vector>

namespace facet {

struct LinearTiff {
    cv::Mat linear;     // CV_32FC3, linear light (grey expanded to BGR, alpha dropped)
    int bitDepth = 8;   // bits per sample in the file
    int channels = 3;   // samples per pixel in the file
};

// nullopt when the file is a TIFF of another kind (tiled, planar, palette, JPEG-compressed,
// float, ...): cv::imread reads those. Throws InputError naming the file when a strip is corrupt.
std::optional<LinearTiff> readLinearTiff(const std::string& path);

// Several files at once (shot and plate): the strips of all of them are shared among the cores
// in one job. Reading them side by side, each with a job of its own, makes the jobs fight over
// the two cores (two 24 MP LZW TIFFs: 0.86 s that way, 0.71 s in one job).
struct TiffDecode {
    std::optional<LinearTiff> image;  // empty: a TIFF of another kind, or corrupt
    std::string error;                // the InputError message when a strip is corrupt
};
std::vector<TiffDecode> readLinearTiffs(const std::vector<std::string>& paths);

}  // namespace facet
