#pragma once
// A collection looks like one set: the same velvet, equally dark, equally even, the same
// colour. Each frame's velvet (BackgroundStats) is compared with the collection's reference
// (calibration/collection_reference.hpp makes and stores it) and, when there is one, with the
// clean plate the matte relies on.
//
// Colour difference is CIEDE2000 of the mean velvet colour. On near-black velvet ΔE is small
// even for a visible tint, so the hue is also compared exposure-proof, as the shift of the
// B/G and R/G ratios.
#include "pipeline/checks/background_stats.hpp"
#include "pipeline/checks/check_result.hpp"
#include "pipeline/checks/check_thresholds.hpp"

namespace facet::checks {

struct BackgroundResult {
    bool compared = false;             // a reference was given
    double lightnessDriftPercent = 0;  // score: velvet luminance against the reference, % (+ brighter)
    double deltaE2000 = 0;             // CIEDE2000 of the mean velvet colour against the reference
                                       // (the colour finding uses it at equal lightness)
    double chromaShiftPercent = 0;     // largest change of B/G or R/G, %
    std::string hueShift;              // direction of the colour change ("blue"), when it changed
    double evennessChangePercent = 0;  // largest change of a grid cell's relative lightness, %
    std::string evennessSide;          // where that cell is ("left")
    bool plateCompared = false;
    double plateDriftPercent = 0;      // velvet now against the clean plate, %
    bool nonConforming = false;        // strict collection and the frame does not match
    std::vector<Finding> findings;
    Verdict verdict = Verdict::Ok;
    std::string message;
};

// reference and plate may be null. Throws cv::Exception if the reference's grid differs;
// callers check frame sizes first (a reference from another resolution is an input error).
BackgroundResult compareBackground(const BackgroundStats& frame, const BackgroundStats* reference,
                                   const BackgroundStats* plate, const CheckThresholds& t, bool strictCollection = false);

}  // namespace facet::checks
