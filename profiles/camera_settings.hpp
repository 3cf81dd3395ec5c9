#pragma once
// The exposure and file settings a profile asks the camera for, typed, plus the parsers that
// read them the way a photographer writes them ("1/125", "f/11", "5500K").
#include <optional>
#include <string>

namespace facet {

enum class ImageFormat { Raw, Jpeg, RawPlusJpeg };
enum class CaptureTarget { Card, Memory };     // where the camera stores a capture while tethered
enum class LightingKind { Strobe, Continuous };

struct ShutterSpeed {
    double seconds = 1.0 / 125;
    std::string text = "1/125";    // as the camera shows it
};

struct WhiteBalance {
    std::string preset = "flash";  // auto, daylight, flash, tungsten, fluorescent, cloudy, shade, custom, kelvin
    int kelvin = 0;                // only for preset "kelvin"
    std::string text() const;      // "flash" or "5500K"
};

struct CameraSettings {
    int iso = 100;
    ShutterSpeed shutter;
    double aperture = 11;          // f-number
    WhiteBalance whiteBalance;
    ImageFormat imageFormat = ImageFormat::RawPlusJpeg;
    CaptureTarget captureTarget = CaptureTarget::Card;
    LightingKind lighting = LightingKind::Strobe;
};

// "1/125", "1/8", "0.5", "2", "2s", "30\"" -> seconds. nullopt when it is not a shutter speed
// (zero, negative, "1/0", words) or lies outside 1/64000 s .. 1 hour.
std::optional<double> parseShutterSeconds(const std::string& text);
// "f/11", "f11", "F/5.6", "11" -> 11. nullopt outside f/0.7 .. f/128.
std::optional<double> parseAperture(const std::string& text);
// "flash", "Daylight", "5500K", "5500 k" -> WhiteBalance. nullopt when unknown.
std::optional<WhiteBalance> parseWhiteBalance(const std::string& text);
// "raw+jpeg" (also "raw + jpeg", "jpeg+raw"), "raw", "jpeg"/"jpg".
std::optional<ImageFormat> parseImageFormat(const std::string& text);

std::string formatAperture(double fNumber);          // 11 -> "f/11", 5.6 -> "f/5.6"
const char* imageFormatName(ImageFormat f);          // "raw+jpeg"
const char* captureTargetName(CaptureTarget t);      // "card"
const char* lightingName(LightingKind k);            // "strobe"

// The fastest shutter speed at which a typical focal-plane shutter still syncs with strobes.
constexpr double kFlashSyncSeconds = 1.0 / 250;

}  // namespace facet
