#include "capture/camera_settings.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>

namespace facet::capture {

std::vector<SettingKind> allSettingKinds() {
    return {SettingKind::Iso,         SettingKind::Shutter,       SettingKind::Aperture,
            SettingKind::WhiteBalance, SettingKind::ImageFormat,  SettingKind::CaptureTarget,
            SettingKind::Focus,       SettingKind::Backlight};
}

namespace {
const std::map<SettingKind, std::string>& names() {
    static const std::map<SettingKind, std::string> n = {
        {SettingKind::Iso, "iso"},
        {SettingKind::Shutter, "shutter"},
        {SettingKind::Aperture, "aperture"},
        {SettingKind::WhiteBalance, "white-balance"},
        {SettingKind::ImageFormat, "image-format"},
        {SettingKind::CaptureTarget, "capture-target"},
        {SettingKind::Focus, "focus"},
        {SettingKind::Backlight, "backlight"},
    };
    return n;
}

// strtod that must consume the whole string (after trimming a unit suffix).
std::optional<double> parseNumber(std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == 's')) s.pop_back();
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size()) return std::nullopt;
    return v;
}
}  // namespace

std::string settingName(SettingKind kind) { return names().at(kind); }

bool settingFromName(const std::string& name, SettingKind& out) {
    for (const auto& [k, n] : names())
        if (n == name) {
            out = k;
            return true;
        }
    return false;
}

bool Setting::offers(const std::string& choice) const {
    return std::find(choices.begin(), choices.end(), choice) != choices.end();
}

std::optional<double> settingNumber(SettingKind kind, const std::string& text) {
    std::string t = text;
    switch (kind) {
        case SettingKind::Iso:
            if (t.rfind("ISO ", 0) == 0) t = t.substr(4);
            return parseNumber(t);
        case SettingKind::Aperture:
            if (t.rfind("f/", 0) == 0) t = t.substr(2);
            return parseNumber(t);
        case SettingKind::Shutter: {
            auto slash = t.find('/');
            if (slash != std::string::npos) {
                auto num = parseNumber(t.substr(0, slash));
                auto den = parseNumber(t.substr(slash + 1));
                if (num && den && *den > 0) return *num / *den;
                return std::nullopt;
            }
            return parseNumber(t);
        }
        case SettingKind::Focus:
            return parseNumber(t);
        default:
            return std::nullopt;
    }
}

}  // namespace facet::capture
