#pragma once
// A collection's background reference: what the velvet looked like when the collection was
// set up (lightness, colour in Lab, an evenness grid, the exposure and white balance used),
// so every later frame can be held to it ("background 35 % brighter than the collection").
// Stored as JSON, written atomically.
#include "pipeline/checks/background_check.hpp"
#include "pipeline/checks/background_stats.hpp"
#include "pipeline/checks/check_thresholds.hpp"

#include <optional>
#include <string>
#include <vector>

namespace facet {

// Camera settings the reference was made with, when known (the tethered camera reports them;
// files given on the command line may not say).
struct CaptureSettings {
    std::optional<double> iso;
    std::optional<double> shutterSeconds;
    std::optional<double> aperture;
    std::string whiteBalance;  // "daylight", "5500K", "custom", ... or empty
};

struct CollectionReference {
    static constexpr int kVersion = 1;
    std::string name;
    checks::BackgroundStats background;  // averaged over the frames it was made from
    CaptureSettings settings;
    int frames = 0;
    std::string created;                 // ISO 8601 UTC
    std::vector<std::string> sources;    // the files it was made from
};

// Averages the velvet of several frames or plates (all the same size: InputError otherwise,
// naming the sources that differ).
CollectionReference makeCollectionReference(const std::vector<checks::BackgroundStats>& frames,
                                            const std::vector<std::string>& sources, const CaptureSettings& settings = {});

void saveCollectionReference(const CollectionReference& ref, const std::string& path);
// InputError naming the file and the field for a missing, unreadable or corrupt file.
CollectionReference loadCollectionReference(const std::string& path);

// The frame's velvet against the reference. InputError (naming referencePath) when the frame
// is not the size the reference was made from: live view and captures are rendered
// differently, so each needs its own reference. Differing camera settings are reported.
checks::BackgroundResult compareToReference(const CollectionReference& ref, const checks::BackgroundStats& frame,
                                            const checks::CheckThresholds& t, bool strictCollection,
                                            const std::string& referencePath = "the reference",
                                            const CaptureSettings* frameSettings = nullptr);

}  // namespace facet
