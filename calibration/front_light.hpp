#pragma once
// The front light's share in the backlit frame (k), measured once per lighting set-up.
//
// A dual capture's triangulation needs k: how much of the front light is still on in the frame
// with the backlight on (0 when the front lights are switched off for it, 1 when they stay on).
// It belongs to the lights, not to the piece, but the cutout can only measure it on the piece's
// opaque metal free of the backlight's spill, and a piece of fine wire (filigree) or a line of
// stones in thin settings (a tennis bracelet) has none: it then reads k too high (0.77-0.85 for
// a true 0.6). So the studio measures it on an opaque target -- a coin, a matte metal block, a
// piece of card -- shot on the set with the backlight off and on, and puts the number in the
// profile (`[pipeline] front_light_in_backlit`).
#include <opencv2/core.hpp>

#include <string>

namespace facet {

struct FrontLightMeasurement {
    double ratio = 0;           // k: backlit-frame light / front-frame light on the opaque target
    int pixels = 0;             // target pixels it was measured on (its inside, rims left out)
    double spreadPercent = 0;   // half the interquartile range of the per-pixel ratios, % of k
};

// shot/backlitShot: the target with the backlight off and on; plate/backlitPlate: the empty set
// likewise. Linear CV_32FC3 of one size (the plates may be shifted a pixel or two, and their
// exposure drifted a little: both are measured). `name` goes into the messages. InputError when
// no opaque target shows (fewer than kLeastTargetPixels inside pixels blocking the backlight).
FrontLightMeasurement measureFrontLight(const cv::Mat& shot, const cv::Mat& plate, const cv::Mat& backlitShot,
                                        const cv::Mat& backlitPlate, const std::string& name);

constexpr int kLeastTargetPixels = 500;

// The JSON record (kind "front-light"), written to a temporary name and renamed.
void saveFrontLight(const std::string& sidecarPath, const FrontLightMeasurement& m, const std::string& madeFrom);

}  // namespace facet
