#include "profiles/camera_settings.hpp"

#include "profiles/export_preset.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>

namespace facet {

namespace {

std::string lowerNoSpaces(const std::string& s) {
    std::string out;
    for (char c : s)
        if (!std::isspace(static_cast<unsigned char>(c)))
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// A plain positive decimal ("125", "2.5"); rejects "1e3", "inf", "nan", signs and trailing junk.
std::optional<double> plainNumber(const std::string& s) {
    if (s.empty() || s.size() > 12) return std::nullopt;
    int dots = 0;
    for (char c : s) {
        if (c == '.') ++dots;
        else if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    }
    if (dots > 1 || s == ".") return std::nullopt;
    double v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

}  // namespace

std::optional<double> parseShutterSeconds(const std::string& text) {
    std::string s = lowerNoSpaces(text);
    if (!s.empty() && (s.back() == '"' || s.back() == 's')) s.pop_back();  // 30" and 2s
    std::optional<double> seconds;
    if (auto slash = s.find('/'); slash != std::string::npos) {
        auto num = plainNumber(s.substr(0, slash));
        auto den = plainNumber(s.substr(slash + 1));
        if (num && den && *den > 0) seconds = *num / *den;
    } else {
        seconds = plainNumber(s);
    }
    if (!seconds || !std::isfinite(*seconds) || *seconds < 1.0 / 64000 || *seconds > 3600) return std::nullopt;
    return seconds;
}

std::optional<double> parseAperture(const std::string& text) {
    std::string s = lowerNoSpaces(text);
    if (s.rfind("f/", 0) == 0) s = s.substr(2);
    else if (s.rfind("f", 0) == 0) s = s.substr(1);
    auto v = plainNumber(s);
    if (!v || *v < 0.7 || *v > 128) return std::nullopt;
    return v;
}

std::string WhiteBalance::text() const {
    return preset == "kelvin" ? std::to_string(kelvin) + "K" : preset;
}

std::optional<WhiteBalance> parseWhiteBalance(const std::string& text) {
    static const char* presets[] = {"auto", "daylight", "flash", "tungsten", "fluorescent",
                                    "cloudy", "shade", "custom"};
    std::string s = lowerNoSpaces(text);
    for (const char* p : presets)
        if (s == p) return WhiteBalance{p, 0};
    if (s.size() > 1 && s.back() == 'k') {
        auto k = plainNumber(s.substr(0, s.size() - 1));
        if (k && *k == std::floor(*k) && *k >= 2000 && *k <= 12000)
            return WhiteBalance{"kelvin", static_cast<int>(*k)};
    }
    return std::nullopt;
}

std::optional<ImageFormat> parseImageFormat(const std::string& text) {
    std::string s = lowerNoSpaces(text);
    if (s == "raw+jpeg" || s == "jpeg+raw" || s == "raw+jpg" || s == "jpg+raw") return ImageFormat::RawPlusJpeg;
    if (s == "raw") return ImageFormat::Raw;
    if (s == "jpeg" || s == "jpg") return ImageFormat::Jpeg;
    return std::nullopt;
}

std::string formatAperture(double f) {
    std::ostringstream o;
    o << "f/" << (std::round(f * 10) / 10);
    return o.str();
}

const char* imageFormatName(ImageFormat f) {
    switch (f) {
        case ImageFormat::Raw: return "raw";
        case ImageFormat::Jpeg: return "jpeg";
        case ImageFormat::RawPlusJpeg: return "raw+jpeg";
    }
    return "?";
}

const char* captureTargetName(CaptureTarget t) { return t == CaptureTarget::Card ? "card" : "memory"; }
const char* lightingName(LightingKind k) { return k == LightingKind::Strobe ? "strobe" : "continuous"; }

const char* extensionFor(ExportFormat format) {
    switch (format) {
        case ExportFormat::Png: return "png";
        case ExportFormat::Tiff: return "tif";
        case ExportFormat::Jpeg: return "jpg";
    }
    return "?";
}

}  // namespace facet
