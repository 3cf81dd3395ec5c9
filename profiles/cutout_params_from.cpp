#include "profiles/cutout_params_from.hpp"

namespace facet {

CutoutParams cutoutParamsFrom(const Profile& profile) {
    CutoutParams params;
    params.stones = profile.pipeline.stones;
    params.surface = profile.pipeline.surface;
    params.edgeBandPx = profile.pipeline.edgeBandPx;
    params.holeNoiseSigmas = profile.pipeline.holeNoiseSigmas;
    params.minSolvableContrast = profile.pipeline.minSolvableContrast;
    params.frontLightInBacklit = profile.pipeline.frontLightInBacklit;
    return params;
}

}  // namespace facet
