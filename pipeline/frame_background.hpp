#pragma once
// Without a clean plate, the background is modelled from the frame itself: a smooth surface
// through the dark pixels around the piece. It knows the velvet's level and falloff, not its
// fibre texture, so holes cannot be told from reflections: the cutout says so in its report.
#include <opencv2/core.hpp>

#include <string>

namespace facet {

struct FrameBackground {
    cv::Mat colour;      // linear CV_32FC3, smooth
};

FrameBackground modelBackgroundFromFrame(const cv::Mat& shot);

// The set's level: the luminance (linear) a third of the way up the pixels of the frame's
// border (a tenth on each side): the velvet's or the acrylic's, not the piece's, even in a
// close-up that the piece fills for the most part.
double setLevel(const cv::Mat& shot);

// The single-shot cutout works on a dark set (black velvet, dark acrylic): it tells the piece
// from the set by the light the piece adds. A set lighter than kLightestSet (mid-grey) gives no
// cutout worth the name: InputError naming `name`, saying what to do. (The backlit frame of a
// dual capture is bright by design: only the front-lit shot is checked.)
constexpr double kLightestSet = 0.2;
void requireDarkSet(const cv::Mat& shot, const std::string& name);

}  // namespace facet
