#pragma once
// The step after "on disk": a saved capture becomes a cutout (pipeline/cutout.hpp makeCutout,
// written with saveCutout). Kept apart so the capture workflow stays about keeping frames and
// this is the one place the two meet.
#include "pipeline/cutout.hpp"

#include <optional>
#include <string>

namespace facet::capture {

struct CutoutSetup {
    std::string folder;          // where cutouts go (created when absent)
    std::string plate;           // optional clean plate image
    std::string extension = "png";
    CutoutParams params;
};

struct CutoutDone {
    std::string path;
    std::string method;          // "clean-plate", "frame-model", ...
    double coverage = 0;
    std::vector<std::string> notes;
};

// Loads the capture (linear), cuts it out and writes <folder>/<stem>.<extension> atomically.
// Throws InputError / OutputError naming the file.
CutoutDone cutOutCapture(const std::string& capturePath, const CutoutSetup& setup);

// Which of a capture's files the cutout is made from: the lossless one when there is a choice.
bool preferForCutout(const std::string& candidatePath, const std::string& currentChoice);

}  // namespace facet::capture
