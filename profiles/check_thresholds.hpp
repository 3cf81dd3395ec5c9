#pragma once
// The limits the live checks hold every frame and capture to. A plain struct so the checks
// (pipeline/ or capture/) can take it without knowing about profiles or TOML; a profile's
// [checks] table fills it (see profiles/profile_loader.hpp), the defaults suit black velvet.
//
// Every value is in the units named by its field, measured on linear-light images.
namespace facet {

struct CheckThresholds {
    // Focus: the 10-90 % width of the piece's sharpest edges. A sharp edge at 100 % is about
    // 1.5 px; above this the piece is soft (missed focus, camera shake, too little depth of field).
    double focusMaxEdgeWidthPx = 2.5;

    // Exposure: the piece's bright end (99.5th percentile of linear luminance over the piece)
    // should sit between these: below the first it is underexposed, above the second the metal's
    // highlights are about to clip.
    double exposureHighlightMin = 0.35;
    double exposureHighlightMax = 0.92;
    // Fraction of the piece's pixels at the sensor's clip point allowed (specular sparkle on
    // stones is normal; a blown-out band of metal is not).
    double exposureMaxClippedFraction = 0.002;

    // Edge contrast: |F - B| (linear, along the outline) below this cannot be separated from the
    // background reliably; more than edgeContrastMaxLowFraction of the outline below it fails.
    double edgeContrastMin = 0.04;
    double edgeContrastMaxLowFraction = 0.05;

    // Resolution: the piece's longest side in pixels. Marketplaces zoom; fewer px than this and
    // a 2000 px deliverable would be upsampled.
    int resolutionMinPx = 1600;

    // Background drift against the clean plate, measured on background pixels: mean CIE ΔE
    // (colour shift: a light moved, white balance changed) and lightness drift in L* units
    // (exposure or light power changed since the plate was made).
    double backgroundMaxDeltaE = 3.0;
    double backgroundMaxLightnessDrift = 2.0;
};

}  // namespace facet
