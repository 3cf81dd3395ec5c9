#pragma once
// Lighting of the piece and the velvet: blown metal (clipped areas larger than a deliberate
// specular glint), under/over exposure of the piece, lifted or crushed velvet, light falling
// off across the background, and a colour cast on the background.
#include "pipeline/checks/background_stats.hpp"
#include "pipeline/checks/check_frame.hpp"
#include "pipeline/checks/check_result.hpp"
#include "pipeline/checks/check_thresholds.hpp"

#include <vector>

namespace facet::checks {

struct LightingResult {
    // Score: stops outside the target band of the piece's bright end (0 inside it, negative
    // under, positive over). The bright end is the 99.5th percentile of linear luminance.
    double exposureStops = 0;
    double pieceHighlight = 0;        // linear 0..1
    double blownPercent = 0;          // of the piece's area, in clipped blobs larger than a glint
    int blownAreas = 0;
    int glints = 0;                   // small clipped blobs (fine: deliberate sparkle)
    std::vector<cv::Rect> blownBoxes; // analysis px
    double velvetLuminance = 0;       // linear
    double velvetToPieceRatio = 0;    // velvet / piece bright end
    double crushedPercent = 0;        // velvet at pure black
    double unevenRatio = 1;           // brightest / darkest velvet cell
    std::string brighterSide;         // where the velvet is brighter ("left"), when uneven
    double castSaturation = 0;        // C*ab / L* of the velvet
    std::string castHue;              // "blue", ... when cast
    std::vector<Finding> findings;
    Verdict verdict = Verdict::Ok;
    std::string message;
    cv::Mat overlay;                  // CV_8UC1 analysis size: 255 blown metal, 96 glints
};

class LightingCheck {
public:
    // `background` is the velvet measured on the same frame (BackgroundMeter). The result's
    // overlay is a buffer of this object: valid until the next call.
    LightingResult measure(const CheckFrame& frame, const BackgroundStats& background, const CheckThresholds& t);

private:
    cv::Mat clippedFull_, clipped_, overlay_;
    std::vector<cv::Point> clippedPixels_, blob_;
    std::vector<int> histogram_;
};

LightingResult checkLighting(const CheckInput& in, const CheckThresholds& t = {});

}  // namespace facet::checks
