#include "capture/profile_on_camera.hpp"

#include "profiles/camera_settings_plan.hpp"

namespace facet::capture {

std::string profileSettingName(SettingKind kind) {
    switch (kind) {
        case SettingKind::Iso: return "iso";
        case SettingKind::Shutter: return "shutter";
        case SettingKind::Aperture: return "aperture";
        case SettingKind::WhiteBalance: return "white_balance";
        case SettingKind::ImageFormat: return "image_format";
        case SettingKind::CaptureTarget: return "capture_target";
        default: return "";
    }
}

std::vector<std::string> applyProfileToCamera(CameraThread& camera, const Profile& profile) {
    AvailableSettings available;
    std::map<std::string, SettingKind> kinds;
    for (const auto& s : camera.settings().get()) {
        std::string name = profileSettingName(s.kind);
        if (name.empty() || s.readOnly || s.choices.empty()) continue;
        available[name] = s.choices;
        kinds[name] = s.kind;
    }
    CameraSettingsPlan plan = planCameraSettings(profile.camera, available);
    for (const auto& [name, value] : plan.apply) {
        auto kind = kinds.find(name);
        if (kind != kinds.end()) camera.set(kind->second, value).get();
    }
    return plan.warnings;
}

}  // namespace facet::capture
