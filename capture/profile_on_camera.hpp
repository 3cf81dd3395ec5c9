#pragma once
// A capture profile (profiles/) applied to the camera that is actually connected: the camera's
// own choices go to planCameraSettings, the plan is set through the camera thread, and what the
// camera could not do comes back as warnings for the photographer (never fatal).
#include "capture/camera_thread.hpp"
#include "profiles/profile.hpp"

#include <string>
#include <vector>

namespace facet::capture {

// The profile planner's name for a setting ("white_balance"); empty for kinds it does not plan.
std::string profileSettingName(SettingKind kind);

// Returns the warnings. Throws CameraError when the camera refuses a value it offered.
std::vector<std::string> applyProfileToCamera(CameraThread& camera, const Profile& profile);

}  // namespace facet::capture
