#include "profiles/camera_settings_plan.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <optional>
#include <sstream>

namespace facet {

namespace {

std::string lower(const std::string& s) {
    std::string out;
    for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool has(const std::string& haystack, const char* needle) { return haystack.find(needle) != std::string::npos; }

std::optional<double> isoValue(const std::string& choice) {
    std::string digits;
    for (char c : choice)
        if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
        else if (!std::isspace(static_cast<unsigned char>(c)) && !std::isalpha(static_cast<unsigned char>(c)))
            return std::nullopt;
    if (digits.empty() || digits.size() > 7 || has(lower(choice), "auto")) return std::nullopt;
    return std::stod(digits);
}

struct Nearest {
    std::string choice;
    double value = 0;
    double stops = 1e9;   // distance in stops (log2 ratio)
};

// The camera's choice closest to `wanted` on a log scale: exposure settings come in stops.
std::optional<Nearest> nearestChoice(const std::vector<std::string>& choices, double wanted,
                                     const std::function<std::optional<double>(const std::string&)>& parse) {
    std::optional<Nearest> best;
    for (const auto& c : choices) {
        auto v = parse(c);
        if (!v || *v <= 0) continue;
        double stops = std::abs(std::log2(*v / wanted));
        // A tie (ISO 80 and 125 around 100) goes to the lower value: less noise, more light kept.
        if (!best || stops < best->stops - 1e-9 || (std::abs(stops - best->stops) <= 1e-9 && *v < best->value))
            best = Nearest{c, *v, stops};
    }
    return best;
}

void planExposure(const char* setting, const char* label, const std::string& wantedText, double wanted,
                  const AvailableSettings& camera, CameraSettingsPlan& plan,
                  const std::function<std::optional<double>(const std::string&)>& parse) {
    auto it = camera.find(setting);
    if (it == camera.end()) {
        plan.warnings.push_back(std::string("the camera has no ") + label + " control over USB; set " + wantedText +
                                " on the camera by hand");
        return;
    }
    auto best = nearestChoice(it->second, wanted, parse);
    if (!best) {
        plan.warnings.push_back(std::string("the camera offers no ") + label + " this profile can use (wanted " +
                                wantedText + "); set it on the camera by hand");
        return;
    }
    plan.apply[setting] = best->choice;
    if (best->stops > 0.05) {
        std::ostringstream o;
        o << "the camera has no " << label << " " << wantedText << "; using " << best->choice << " (" << std::fixed;
        o.precision(1);
        o << best->stops << " stop" << (best->stops > 1.05 ? "s" : "") << " away)";
        plan.warnings.push_back(o.str());
    }
}

// Pick the camera choice that names the wanted mode, best score first.
void planChoice(const char* setting, const char* label, const std::string& wantedText, const AvailableSettings& camera,
                CameraSettingsPlan& plan, const std::function<int(const std::string& lowered)>& score) {
    auto it = camera.find(setting);
    if (it == camera.end()) {
        plan.warnings.push_back(std::string("the camera has no ") + label + " control over USB; set \"" + wantedText +
                                "\" on the camera by hand");
        return;
    }
    int bestScore = 0;
    std::string best;
    for (const auto& c : it->second) {
        int s = score(lower(c));
        if (s > bestScore) {
            bestScore = s;
            best = c;
        }
    }
    if (best.empty()) {
        std::string offered;
        for (const auto& c : it->second) offered += (offered.empty() ? "" : ", ") + c;
        plan.warnings.push_back(std::string("the camera offers no ") + label + " \"" + wantedText + "\" (it has: " +
                                offered + "); left as it is");
        return;
    }
    plan.apply[setting] = best;
}

int whiteBalanceScore(const WhiteBalance& wb, const std::string& c) {
    if (wb.preset == "kelvin") return (has(c, "kelvin") || has(c, "temperature") || c == "k") ? 2 : 0;
    if (wb.preset == "auto") return (c == "auto" || has(c, "auto") || c == "awb") ? 2 : 0;
    if (wb.preset == "tungsten") return (has(c, "tungsten") || has(c, "incandescent")) ? 2 : 0;
    if (wb.preset == "flash") return has(c, "flash") || has(c, "strobe") ? 2 : 0;
    if (wb.preset == "custom") return (has(c, "custom") || has(c, "manual") || has(c, "preset")) ? 2 : 0;
    if (wb.preset == "fluorescent") return has(c, "fluorescent") ? 2 : 0;
    if (wb.preset == "daylight") return (has(c, "daylight") || has(c, "sunny") || has(c, "direct sun")) ? 2 : 0;
    return has(c, wb.preset.c_str()) ? 2 : 0;  // cloudy, shade
}

bool namesRaw(const std::string& c) {
    return has(c, "raw") || has(c, "nef") || has(c, "cr2") || has(c, "cr3") || has(c, "arw") || has(c, "orf") ||
           has(c, "raf") || has(c, "dng");
}
bool namesJpeg(const std::string& c) {
    return has(c, "jpeg") || has(c, "jpg") || has(c, "fine") || has(c, "normal") || has(c, "basic") ||
           has(c, "large");
}

int imageFormatScore(ImageFormat wanted, const std::string& c) {
    const bool raw = namesRaw(c), jpeg = namesJpeg(c);
    const bool match = wanted == ImageFormat::RawPlusJpeg ? (raw && jpeg)
                       : wanted == ImageFormat::Raw       ? (raw && !jpeg)
                                                          : (jpeg && !raw);
    if (!match) return 0;
    // Among the matches the best JPEG: large and fine, not small or basic.
    int s = 10;
    if (has(c, "fine")) s += 2;
    if (has(c, "large")) s += 1;
    if (has(c, "small") || has(c, "medium") || has(c, "basic") || has(c, "normal")) s -= 2;
    return s;
}

int captureTargetScore(CaptureTarget wanted, const std::string& c) {
    const bool card = has(c, "card") || has(c, "sd") || has(c, "cf");
    if (wanted == CaptureTarget::Card) return card ? 2 : 0;
    return !card && (has(c, "ram") || has(c, "internal") || has(c, "memory") || has(c, "sdram")) ? 2 : 0;
}

}  // namespace

CameraSettingsPlan planCameraSettings(const CameraSettings& wanted, const AvailableSettings& camera) {
    CameraSettingsPlan plan;
    planExposure("iso", "ISO", std::to_string(wanted.iso), wanted.iso, camera, plan, isoValue);
    planExposure("shutter", "shutter speed", wanted.shutter.text, wanted.shutter.seconds, camera, plan,
                 parseShutterSeconds);
    planExposure("aperture", "aperture", formatAperture(wanted.aperture), wanted.aperture, camera, plan, parseAperture);
    if (wanted.lighting == LightingKind::Strobe && plan.apply.count("shutter")) {
        if (auto s = parseShutterSeconds(plan.apply["shutter"]); s && *s < kFlashSyncSeconds * 0.99)
            plan.warnings.push_back("shutter " + plan.apply["shutter"] +
                                    " is faster than flash sync: strobes will leave a dark band");
    }
    planChoice("white_balance", "white balance", wanted.whiteBalance.text(), camera, plan,
               [&](const std::string& c) { return whiteBalanceScore(wanted.whiteBalance, c); });
    if (wanted.whiteBalance.preset == "kelvin" && plan.apply.count("white_balance"))
        plan.apply["color_temperature"] = std::to_string(wanted.whiteBalance.kelvin);
    planChoice("image_format", "image format", imageFormatName(wanted.imageFormat), camera, plan,
               [&](const std::string& c) { return imageFormatScore(wanted.imageFormat, c); });
    planChoice("capture_target", "capture target", captureTargetName(wanted.captureTarget), camera, plan,
               [&](const std::string& c) { return captureTargetScore(wanted.captureTarget, c); });
    return plan;
}

}  // namespace facet
