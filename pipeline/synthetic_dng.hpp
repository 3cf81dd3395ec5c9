#pragma once
// A DNG written from a known linear scene, as a camera would: an RGGB Bayer mosaic with a
// black level, a white level, the as-shot white balance and a colour matrix. Decoding it must
// give the scene back, which is how the RAW decode is checked (tests) and timed at 24 MP
// (benchmarks) without a camera.
#include <opencv2/core.hpp>

#include <string>

namespace facet {

struct SyntheticDngSpec {
    cv::Mat scene;                 // linear sRGB, CV_32FC3 BGR, 0..1, even width and height
    unsigned blackLevel = 256;
    unsigned whiteLevel = 4095;    // 12-bit sensor
    // The camera's response to a white (neutral) light, R G B with green = 1: red and blue
    // pixels see less of a neutral light than green ones, so the decode must multiply them
    // back by 1/neutral.
    cv::Vec3f asShotNeutral{0.5f, 1.0f, 0.7f};
    std::string make = "Facet";
    std::string model = "Synthetic Bayer";
    std::string dateTime = "2026:11:28 10:30:00";
};

// Camera colour = linear sRGB (ColorMatrix1 is the XYZ to sRGB matrix), so the decode's
// camera-to-sRGB step is the identity and the decoded pixels equal `scene`.
// Throws OutputError when the file cannot be written (written atomically).
void writeSyntheticDng(const std::string& path, const SyntheticDngSpec& spec);

}  // namespace facet
