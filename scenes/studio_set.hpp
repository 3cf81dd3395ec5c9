#pragma once
// The empty set: black velvet (deep black with a fine fibre texture and a gentle falloff) or
// dark acrylic (smooth, with a gradient), and the backlight of a dual capture. Noise-free,
// linear CV_32FC3, before exposure. Lighting faults (side spill, tint, level) are applied here,
// so they are the same in the plate and in the shot.
#include "scenes/scene.hpp"

namespace facet::scenes {

struct EmptySet {
    cv::Mat light;             // linear CV_32FC3
    double textureStd = 0;     // linear std of the fine texture (green channel)
};

EmptySet renderEmptySet(const SceneOptions& options);

// The lit translucent support of a dual capture: bright, nearly uniform, a slight gradient.
cv::Mat renderBacklight(const SceneOptions& options);

}  // namespace facet::scenes
