#pragma once
// Triangulation matting from a dual capture (Smith & Blinn): the same set shot with the
// backlight under the translucent support off (C1, plate P1) and on (C2, plate P2).
//
// Photographers often dim or switch off the front light for the backlit frame, so
//   C1 = a F + (1 - a) P1,   C2 = k a F + (1 - a) P2     (k unknown, 0..1)
// and C2 - k C1 = (1 - a)(P2 - k P1): alpha per pixel, stones included, reflections
// irrelevant (metal blocks the backlight). k is what the opaque pixels show: there C2 = k C1.
// Backlight spilling onto metal rims adds metal-coloured light; transmission adds the
// backlight's colour: the hue of C2 - k C1 tells them apart.
#include "pipeline/cutout.hpp"

#include <opencv2/core.hpp>

namespace facet {

struct DualMatte {
    cv::Mat alpha;             // CV_32FC1, true partial alpha (stones transmit)
    cv::Mat foreground;        // linear CV_32FC3, decontaminated against P1
    cv::Mat confidence;        // CV_32FC1
    cv::Mat background;        // CV_8UC1: pixels that pass the full backlight (alpha 0)
    cv::Mat spill;             // CV_8UC1: rim pixels whose extra light is spill, not transmission
    double frontLightRatio = 1;// k
};

// All linear CV_32FC3 of one size; the plates already aligned to the shots.
// sigma1/sigma2: per-channel noise of each frame against its plate. frontLightRatio: k when
// already measured on the whole frame (a tile may hold no opaque pixel); negative: measure here.
DualMatte solveDual(const cv::Mat& shot, const cv::Mat& plate, const cv::Mat& backlitShot,
                    const cv::Mat& backlitPlate, const cv::Vec3f& sigma1, const cv::Vec3f& sigma2,
                    const CutoutParams& params, double frontLightRatio = -1);

// k from the opaque pixels: the ratio C2/C1 where the backlight is blocked. The plates are
// scaled by their exposure gains here (samples only), not copied whole.
double estimateFrontLightRatio(const cv::Mat& shot, const cv::Mat& plate, const cv::Mat& backlitShot,
                               const cv::Mat& backlitPlate, float noise, double plateGain = 1.0,
                               double backlitPlateGain = 1.0);

}  // namespace facet
