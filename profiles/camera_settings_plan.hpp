#pragma once
// Applying a profile to the camera that is actually connected. Cameras differ: one has no
// ISO 100 (its base is 64 or 200), one offers no "raw+jpeg" on this card, one has no capture
// target. What the camera lacks is reported and the nearest it has is chosen; it is never fatal.
//
// The capture side (capture/) reads the camera's choices into AvailableSettings, calls
// planCameraSettings, sets `apply` on the camera and shows `warnings` to the photographer.
#include "profiles/camera_settings.hpp"

#include <map>
#include <string>
#include <vector>

namespace facet {

// The choices the camera offers, by setting: "iso", "shutter", "aperture", "white_balance",
// "image_format", "capture_target". Values are the camera's own text ("1/125", "F11",
// "RAW + Large Fine JPEG", "Memory card"). A setting the camera has no control for is absent.
using AvailableSettings = std::map<std::string, std::vector<std::string>>;

struct CameraSettingsPlan {
    std::map<std::string, std::string> apply;   // setting -> the camera's choice to set
    std::vector<std::string> warnings;          // for the photographer, one per problem
};

CameraSettingsPlan planCameraSettings(const CameraSettings& wanted, const AvailableSettings& camera);

}  // namespace facet
