#pragma once
// Flat field: how the light falls off across the set. A smooth surface is fitted to a plate
// (or a shot of a grey card filling the frame): low-order polynomial in x and y per channel,
// fitted robustly so dust, a seam in the velvet or a stray object do not bend it. The fit tells
// how even the lighting is (in stops, corner to brightest) and corrects shots for the falloff.
#include <opencv2/core.hpp>

#include <string>

namespace facet {

struct FlatField {
    cv::Mat falloff;              // CV_32FC3, same size as the plate, 1 at the brightest point
    double evennessStops = 0;     // log2(brightest / darkest) of the fitted luminance
    double centreToCornerStops = 0; // log2(centre / mean of the four corners)
    cv::Point brightest;          // where the light is strongest (to aim lights by)
};

struct FlatFieldOptions {
    int degree = 4;               // polynomial degree; 4 follows vignetting and a soft box's falloff
    int sampleGridPx = 64;        // the plate is reduced to about this many samples on its long side
    double rejectSigmas = 2.5;    // samples further from the fit (robust sigmas) are dropped and refitted
};

// The plate must be linear CV_32FC3 and not black (mean luminance > 1e-4).
FlatField fitFlatField(const cv::Mat& plate, const FlatFieldOptions& options = {});

// shot / falloff: evens out the light (the brightest point keeps its level).
cv::Mat correctFlatField(const cv::Mat& linearBgr, const FlatField& flat);

void saveFlatField(const std::string& sidecarPath, const FlatField& flat, const std::string& madeFrom);
FlatField loadFlatField(const std::string& sidecarPath);

}  // namespace facet
