#pragma once
// The live-view matte: every frame (1024x680 8-bit, as cameras send it) against the plate,
// in a few milliseconds. Coarser than the cutout (no reflection test, no foreground solve),
// good enough for the checks and the overlay. Buffers are reused between frames.
#include <opencv2/core.hpp>

namespace facet {

class PreviewMatte {
public:
    // frame: CV_8UC3 sRGB (BGR). plate: CV_8UC3 sRGB of the same size, or empty: then the
    // background is taken as the frame's dark level (velvet). Returns CV_8UC1 alpha 0..255,
    // valid until the next call.
    const cv::Mat& compute(const cv::Mat& frame, const cv::Mat& plate);

private:
    cv::Mat alpha_;
    cv::Mat small_;
};

}  // namespace facet
