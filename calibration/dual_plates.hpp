#pragma once
// The two plates a dual (backlit) capture needs: the empty set with the backlight off and on,
// made with the same camera, size and settings. The cutout's triangulation divides by their
// difference, so a pair that does not match is refused rather than used.
#include "calibration/clean_plate.hpp"

#include <string>

namespace facet {

struct DualPlates {
    CleanPlate backlightOff;
    CleanPlate backlightOn;
    double backlightGain = 0;   // median on/off luminance ratio: how much the backlight adds
};

// Loads both sidecars and checks they belong together. InputError naming the files when their
// records say otherwise (backlight state, size, camera, settings) or the backlight barely shows.
DualPlates loadDualPlates(const std::string& offSidecar, const std::string& onSidecar);

// The same checks on plates already in memory.
DualPlates pairDualPlates(CleanPlate off, CleanPlate on, const std::string& offName, const std::string& onName);

}  // namespace facet
