#pragma once
// When, with which settings and lights a plate was made, so a stale plate can be told apart
// from a good one before it silently spoils a session's cutouts.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace facet {

struct PlateSettings {
    std::string iso, shutter, aperture, whiteBalance;   // as the camera showed them ("" = unknown)
    bool operator==(const PlateSettings&) const = default;
};

struct PlateRecord {
    int64_t madeAtUnix = 0;
    std::string camera;                 // model, "" when unknown
    std::string profile;                // the capture profile in use
    PlateSettings settings;
    std::vector<std::string> lights;    // "key: strip box left at 45 degrees", ...
    std::string backlight = "none";     // "none" (single-shot set), "off" or "on" (dual plates)
    int frames = 0;
    int width = 0, height = 0;
    std::vector<std::string> sources;   // the frames' files
    double rejectedFraction = 0;        // share of frame pixels voted out as outliers
    double medianNoise = 0;             // median single-frame noise sigma, linear
};

nlohmann::json toJson(const PlateRecord& r);
PlateRecord plateRecordFromJson(const nlohmann::json& j, const std::string& fileForMessages);

// What the plate is about to be used with.
struct PlateUse {
    int64_t sessionStartUnix = 0;       // plates older than the session are stale (lights may have moved)
    std::string camera;
    PlateSettings settings;
    int width = 0, height = 0;
    std::string backlight = "none";
};

// Why the plate is stale for this use; empty when it is good. Each reason is a sentence a
// photographer can act on ("made at ISO 200, the session shoots at ISO 100: make a new plate").
std::vector<std::string> plateStaleReasons(const PlateRecord& plate, const PlateUse& use);

// Hard mismatches (another size, another camera): the plate cannot be used at all. Throws
// InputError naming both; soft ones (age, settings) are left to plateStaleReasons.
void requirePlateFits(const PlateRecord& plate, const std::string& plateFile, const PlateUse& use,
                      const std::string& shotFile);

}  // namespace facet
