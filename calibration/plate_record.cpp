#include "calibration/plate_record.hpp"

#include "calibration/calibration_files.hpp"
#include "pipeline/errors.hpp"

namespace facet {

nlohmann::json toJson(const PlateRecord& r) {
    return nlohmann::json{
        {"made_at", utcTimestamp(r.madeAtUnix)},
        {"made_at_unix", r.madeAtUnix},
        {"camera", r.camera},
        {"profile", r.profile},
        {"settings",
         {{"iso", r.settings.iso}, {"shutter", r.settings.shutter}, {"aperture", r.settings.aperture},
          {"white_balance", r.settings.whiteBalance}}},
        {"lights", r.lights},
        {"backlight", r.backlight},
        {"frames", r.frames},
        {"width", r.width},
        {"height", r.height},
        {"sources", r.sources},
        {"rejected_fraction", r.rejectedFraction},
        {"median_noise", r.medianNoise},
    };
}

PlateRecord plateRecordFromJson(const nlohmann::json& j, const std::string& file) {
    try {
        PlateRecord r;
        r.madeAtUnix = j.at("made_at_unix").get<int64_t>();
        r.camera = j.value("camera", "");
        r.profile = j.value("profile", "");
        const auto& s = j.at("settings");
        r.settings = PlateSettings{s.value("iso", ""), s.value("shutter", ""), s.value("aperture", ""),
                                   s.value("white_balance", "")};
        r.lights = j.value("lights", std::vector<std::string>{});
        r.backlight = j.value("backlight", "none");
        r.frames = j.at("frames").get<int>();
        r.width = j.at("width").get<int>();
        r.height = j.at("height").get<int>();
        r.sources = j.value("sources", std::vector<std::string>{});
        r.rejectedFraction = j.value("rejected_fraction", 0.0);
        r.medianNoise = j.value("median_noise", 0.0);
        return r;
    } catch (const nlohmann::json::exception& e) {
        throw InputError(file + ": plate record is incomplete or of the wrong type (" + e.what() +
                         "); make the plate again with 'facet calibrate plate'");
    }
}

namespace {

void compareSetting(const char* label, const std::string& plate, const std::string& now,
                    std::vector<std::string>& reasons) {
    if (!plate.empty() && !now.empty() && plate != now)
        reasons.push_back(std::string("made at ") + label + " " + plate + ", the session shoots at " + label + " " +
                          now + ": make a new plate");
}

}  // namespace

std::vector<std::string> plateStaleReasons(const PlateRecord& plate, const PlateUse& use) {
    std::vector<std::string> reasons;
    if (use.sessionStartUnix > 0 && plate.madeAtUnix < use.sessionStartUnix)
        reasons.push_back("made at " + utcTimestamp(plate.madeAtUnix) + ", before this session started (" +
                          utcTimestamp(use.sessionStartUnix) + "): lights or the set may have moved since");
    if (!plate.camera.empty() && !use.camera.empty() && plate.camera != use.camera)
        reasons.push_back("made with " + plate.camera + ", the session uses " + use.camera);
    if (use.width > 0 && (plate.width != use.width || plate.height != use.height))
        reasons.push_back("the plate is " + std::to_string(plate.width) + "x" + std::to_string(plate.height) +
                          ", the shots are " + std::to_string(use.width) + "x" + std::to_string(use.height));
    compareSetting("ISO", plate.settings.iso, use.settings.iso, reasons);
    compareSetting("shutter", plate.settings.shutter, use.settings.shutter, reasons);
    compareSetting("aperture", plate.settings.aperture, use.settings.aperture, reasons);
    compareSetting("white balance", plate.settings.whiteBalance, use.settings.whiteBalance, reasons);
    if (plate.backlight != use.backlight)
        reasons.push_back("made with the backlight " + plate.backlight + ", needed with the backlight " + use.backlight);
    return reasons;
}

void requirePlateFits(const PlateRecord& plate, const std::string& plateFile, const PlateUse& use,
                      const std::string& shotFile) {
    if (use.width > 0 && (plate.width != use.width || plate.height != use.height))
        throw InputError(plateFile + " is " + std::to_string(plate.width) + "x" + std::to_string(plate.height) +
                         " but " + shotFile + " is " + std::to_string(use.width) + "x" + std::to_string(use.height) +
                         ": a plate must come from the same camera at the same image size; make a new plate");
    if (!plate.camera.empty() && !use.camera.empty() && plate.camera != use.camera)
        throw InputError(plateFile + " was made with " + plate.camera + " but " + shotFile + " comes from " +
                         use.camera + ": make a plate with this camera");
}

}  // namespace facet
