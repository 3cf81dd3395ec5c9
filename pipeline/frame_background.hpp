#pragma once
// Without a clean plate, the background is modelled from the frame itself: a smooth surface
// through the dark pixels around the piece. It knows the velvet's level and falloff, not its
// fibre texture, so holes cannot be told from reflections: the cutout says so in its report.
#include <opencv2/core.hpp>

namespace facet {

struct FrameBackground {
    cv::Mat colour;      // linear CV_32FC3, smooth
};

FrameBackground modelBackgroundFromFrame(const cv::Mat& shot);

}  // namespace facet
