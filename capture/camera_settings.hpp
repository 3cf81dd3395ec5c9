#pragma once
// Camera settings as the photographer thinks of them: ISO, shutter, aperture, white balance,
// image format, capture target, focus (and, on the simulated studio camera, the backlight).
// Each setting carries the choices the camera itself reports, as the camera spells them, plus a
// number parsed from them where one exists (ISO 400 -> 400, "1/125" -> 0.008 s, "f/8" -> 8).
#include <optional>
#include <string>
#include <vector>

namespace facet::capture {

enum class SettingKind { Iso, Shutter, Aperture, WhiteBalance, ImageFormat, CaptureTarget, Focus, Backlight };

std::vector<SettingKind> allSettingKinds();
std::string settingName(SettingKind kind);              // "iso", "shutter", "aperture", ...
bool settingFromName(const std::string& name, SettingKind& out);

struct SettingRange {
    double min = 0, max = 0, step = 0;
};

struct Setting {
    SettingKind kind = SettingKind::Iso;
    std::string value;                     // current, as the camera shows it
    std::vector<std::string> choices;      // what the camera offers (empty for a range or read-only)
    std::optional<SettingRange> range;     // a continuous control (focus on some bodies)
    bool readOnly = false;
    std::string widget;                    // the camera's own name for it ("f-number", "iso", ...)

    bool offers(const std::string& choice) const;
};

// The number behind a camera's text: ISO "400" -> 400; shutter "1/125", "0.0080s", "2s", "1/125s"
// -> seconds; aperture "f/8", "8", "f/5.6" -> f-number. nullopt for "Auto" and other words.
std::optional<double> settingNumber(SettingKind kind, const std::string& text);

}  // namespace facet::capture
