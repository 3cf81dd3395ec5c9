#pragma once
// Matching a clean plate to a shot: the camera may have moved by a pixel or two and the
// exposure drifted by a few per cent between the plate and the shot. Both are measured on the
// background (the velvet's own fibre texture makes phase correlation sharp), never on the piece.
#include "pipeline/cutout.hpp"

#include <opencv2/core.hpp>

namespace facet {

// Shift (plate -> shot) by phase correlation on background patches near the frame's corners
// and edges, then the brightness gain as the median ratio over background pixels.
PlateAlignment measurePlateAlignment(const cv::Mat& shot, const cv::Mat& plate);

// Brightness gain shot / plate, measured on the background (the dominant mode of the ratio).
double measurePlateGain(const cv::Mat& shot, const cv::Mat& plate, cv::Point2d shift);

// The plate region `roi` (in shot coordinates) resampled onto the shot's pixel grid and
// scaled by the gain. Bicubic: bilinear would blur the velvet texture that the hole test reads.
cv::Mat alignedPlate(const cv::Mat& plate, const PlateAlignment& alignment, const cv::Rect& roi);
// The same into `out`, reusing its memory when it already has the size (a worker's tile buffer).
void alignedPlate(const cv::Mat& plate, const PlateAlignment& alignment, const cv::Rect& roi, cv::Mat& out);

}  // namespace facet
