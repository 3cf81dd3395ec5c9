#pragma once
// A profile's pipeline settings as the cutout takes them (pipeline/cutout.hpp).
#include "pipeline/cutout.hpp"
#include "profiles/profile.hpp"

namespace facet {

CutoutParams cutoutParamsFrom(const Profile& profile);

}  // namespace facet
