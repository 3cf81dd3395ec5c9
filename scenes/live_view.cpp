#include "scenes/scene.hpp"

#include "pipeline/srgb.hpp"

#include <opencv2/imgproc.hpp>

#include <stdexcept>

namespace facet::scenes {

cv::Mat toLiveViewFrame(const cv::Mat& linear, cv::Size size) {
    if (linear.empty() || linear.type() != CV_32FC3)
        throw std::invalid_argument("toLiveViewFrame: expects a linear CV_32FC3 image");
    if (size.width <= 0 || size.height <= 0) throw std::invalid_argument("toLiveViewFrame: size must be positive");
    cv::Mat small;
    if (size == linear.size())
        small = linear;
    else
        cv::resize(linear, small, size, 0, 0, cv::INTER_AREA);  // the camera bins, it does not skip pixels
    return linearToSrgb(small, CV_8U);
}

}  // namespace facet::scenes
