#include "pipeline/frame_background.hpp"

#include "pipeline/foreground_estimation.hpp"
#include "pipeline/image.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <vector>

namespace facet {

FrameBackground modelBackgroundFromFrame(const cv::Mat& shot) {
    CV_Assert(isLinearColour(shot));
    // Work small: the model is smooth by design, and this keeps 24 MP cheap.
    const double scale = std::min(1.0, 512.0 / std::max(shot.cols, shot.rows));
    cv::Mat small;
    cv::resize(shot, small, cv::Size(), scale, scale, cv::INTER_AREA);
    cv::Mat y = luminance(small);

    // The set fills most of a jewelry frame: its level is the low median of the luminance.
    std::vector<float> v(y.begin<float>(), y.end<float>());
    std::nth_element(v.begin(), v.begin() + v.size() / 3, v.end());
    const float level = v[v.size() / 3];
    cv::Mat dark = y < std::max(level * 2.0f, level + 0.01f);
    // Keep away from the piece's glow and soft edges.
    cv::erode(dark, dark, cv::getStructuringElement(cv::MORPH_ELLIPSE, {5, 5}));

    cv::Mat weight;
    dark.convertTo(weight, CV_32F, 1.0 / 255.0);
    cv::Mat filled = propagateColour(small, weight);
    // Smooth away the texture that survived the downsampling: we model level and falloff only.
    cv::GaussianBlur(filled, filled, {0, 0}, 6.0);

    FrameBackground out;
    cv::resize(filled, out.colour, shot.size(), 0, 0, cv::INTER_LINEAR);
    return out;
}

}  // namespace facet
