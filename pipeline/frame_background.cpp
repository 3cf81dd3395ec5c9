#include "pipeline/frame_background.hpp"

#include "pipeline/errors.hpp"
#include "pipeline/foreground_estimation.hpp"
#include "pipeline/image.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace facet {

double setLevel(const cv::Mat& shot) {
    CV_Assert(isLinearColour(shot));
    // The frame's border, a tenth of it on each side: a close-up may fill most of the frame
    // with the piece, but rarely two thirds of its edges. Sampled (~40k pixels): a 24 MP frame
    // is not resized for it.
    const int bx = std::max(1, shot.cols / 10), by = std::max(1, shot.rows / 10);
    const int step = std::max(1, int(std::sqrt(0.36 * double(shot.total()) / 40000.0)));
    std::vector<float> v;
    for (int r = 0; r < shot.rows; r += step) {
        const cv::Vec3f* row = shot.ptr<cv::Vec3f>(r);
        for (int c = 0; c < shot.cols; c += step)
            if (r < by || r >= shot.rows - by || c < bx || c >= shot.cols - bx)
                v.push_back(0.0722f * row[c][0] + 0.7152f * row[c][1] + 0.2126f * row[c][2]);  // BGR
    }
    std::nth_element(v.begin(), v.begin() + v.size() / 3, v.end());
    return v[v.size() / 3];
}

void requireDarkSet(const cv::Mat& shot, const std::string& name) {
    const double level = setLevel(shot);
    if (level <= kLightestSet) return;
    throw InputError(name + ": the set behind the piece is light (" + std::to_string(int(std::lround(100 * level))) +
                     " % of white in linear light): Facet cuts out on a dark set, black velvet or dark "
                     "acrylic, where the piece is told from the set by the light it adds; shoot the piece "
                     "on the dark set");
}

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
