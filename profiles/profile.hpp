#pragma once
// A capture profile: everything the station needs to know about one way of shooting jewelry.
// Written by photographers as plain TOML (profiles/*.toml, see docs/profiles.md), loaded and
// validated by profile_loader.hpp into this typed struct.
#include "pipeline/cutout.hpp"
#include "profiles/camera_settings.hpp"
#include "profiles/check_thresholds.hpp"
#include "profiles/export_preset.hpp"

#include <string>
#include <vector>

namespace facet {

// The newest file format this build writes; older files are migrated when loaded.
constexpr int kProfileVersion = 2;

// What the photographer is told while setting up: where the lights go and why.
struct ShootingGuidance {
    std::string summary;                 // one paragraph: the look and when to choose this profile
    std::vector<std::string> lights;     // one line per light: where it goes, what it does
    std::vector<std::string> tips;       // things that go wrong and how to avoid them
};

// How the background is known to the cutout.
enum class BackgroundModel {
    CleanPlate,   // single shot + a clean plate of the empty set
    Dual,         // backlight off and on: triangulation matting (needs dual plates)
    FrameModel,   // no plate: modelled from the frame itself (lowest quality)
};

struct PipelineSettings {
    BackgroundModel background = BackgroundModel::CleanPlate;
    StoneTreatment stones = StoneTreatment::Preserve;
    SurfaceKind surface = SurfaceKind::Velvet;
    // Thin-structure handling: the widest soft edge solved for (chain links 3-8 px, pearl edges
    // 2-4 px) and how close to the plate (in noise sigmas) a pixel must be to count as a real hole.
    int edgeBandPx = 4;
    double holeNoiseSigmas = 3.0;
    double minSolvableContrast = 0.02;
    int plateFrames = 8;                 // frames averaged into a clean plate
    // Dual capture: the share of the front light left on in the backlit frame (0 when it is
    // switched off), or -1: measured from the frames ("measure").
    double frontLightInBacklit = -1;
};

struct Profile {
    int version = kProfileVersion;
    std::string name;                    // "black-velvet"
    std::string title;                   // "Black velvet, single shot"
    std::string extends;                 // the shipped profile this one builds on, or empty
    std::string sourcePath;              // the file it was loaded from
    CameraSettings camera;
    ShootingGuidance guidance;
    PipelineSettings pipeline;
    CheckThresholds checks;
    std::vector<ExportPreset> exports;
    // Things that load but deserve a look (e.g. a strobe profile faster than flash sync).
    std::vector<std::string> warnings;
};

const char* backgroundModelName(BackgroundModel m);  // "clean-plate", "dual", "frame-model"
const char* stoneTreatmentName(StoneTreatment s);    // "preserve", "transmit"
const char* surfaceKindName(SurfaceKind s);          // "velvet", "acrylic"

}  // namespace facet
