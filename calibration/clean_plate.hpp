#pragma once
// The clean plate: the empty set, photographed N times with the lights and settings of the
// shoot and averaged. Averaging lowers the noise by sqrt(N); outlier rejection per pixel keeps
// dust that settled, a hair that moved or a flicker in one frame out of the plate.
//
// The per-pixel noise estimate is the spread of ONE frame around the plate (not of the
// average): that is what a shot's pixel differs from the plate by when it shows the plate, and
// what the cutout's hole test (holeNoiseSigmas) compares residuals with.
#include "calibration/plate_record.hpp"

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace facet {

struct PlateAveraging {
    double clipSigmas = 3.0;   // a frame's pixel further than this from the median (in noise sigmas) is rejected
    int noiseSmoothingPx = 5;  // noise varies slowly with brightness: pool it over this square
};

struct CleanPlate {
    cv::Mat image;             // linear CV_32FC3, the sigma-clipped mean
    cv::Mat noise;             // CV_32FC3, per-pixel, per-channel noise sigma of a single frame
    PlateRecord record;
};

// Needs at least 3 frames (two cannot outvote a hair), all linear CV_32FC3 of one size.
// Fills record.frames, width, height, rejectedFraction and medianNoise; the caller fills the rest.
CleanPlate averagePlateFrames(const std::vector<cv::Mat>& frames, const PlateAveraging& options = {});

// Loads frames from files (pipeline/image_io loadImage, RAW included) and averages them.
// InputError naming the file when a frame is of another size or kind than the first.
CleanPlate averagePlateFiles(const std::vector<std::string>& paths, const PlateAveraging& options = {});

// Saved as a calibration (see calibration_files.hpp): roles "plate" and "noise".
void saveCleanPlate(const std::string& sidecarPath, const CleanPlate& plate);
CleanPlate loadCleanPlate(const std::string& sidecarPath);

}  // namespace facet
