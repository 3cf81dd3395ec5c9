#pragma once
// Resolution: is the piece big enough in the frame for the matte to hold its finest parts?
// Chain links and filigree wires under ~3 px are smeared by demosaicing and the lens, and
// the matte loses them. The score is the width of the thinnest structure, in capture px
// (and in mm with a scale calibration).
//
// Width is measured on the matte itself, sub-pixel: at points on the ridge of the matte's
// distance transform, the matte is integrated along chords through the point; the shortest
// chord crosses the structure at right angles and its alpha integral is the width (exact for
// soft, anti-aliased edges). A point counts only where the structure continues both ways at
// about the same width: tips of wires and corners of wide shapes are ignored. On a reduced
// capture the ridge is found on the reduced matte and the width measured at full resolution.
#include "pipeline/checks/check_frame.hpp"
#include "pipeline/checks/check_result.hpp"
#include "pipeline/checks/check_thresholds.hpp"

#include <vector>

namespace facet::checks {

struct ThinSpot {
    cv::Point2f at;     // analysis px
    double widthPx = 0; // capture px
};

struct ResolutionResult {
    double thinnestPx = 0;          // score: thinnest structure's width, capture px
    bool thinnestIsLowerBound = false;  // nothing thin enough to measure: at least this wide
    double thinnestMm = 0;          // with a px-per-mm calibration; 0 otherwise
    int measuredPoints = 0;         // ridge points whose width was measured
    std::vector<ThinSpot> thinSpots;  // ridge points under the warn width (the overlay)
    Verdict verdict = Verdict::Ok;
    std::string message;
};

class ResolutionCheck {
public:
    ResolutionResult measure(const CheckFrame& frame, const CheckThresholds& t);

private:
    cv::Mat structureFull_, distanceFull_, structure_, distance_, cross_;
    std::vector<double> widths_, narrowest_;
    std::vector<cv::Point> candidates_;
};

ResolutionResult checkResolution(const CheckInput& in, const CheckThresholds& t = {});

// Exposed for the tests: the alpha integral along the shortest chord through `p` (px of
// `matte`, CV_8UC1 or CV_32FC1), or a negative value where no chord ends within maxPx.
double chordWidth(const cv::Mat& matte, cv::Point2f p, double maxPx, cv::Point2f* direction = nullptr);

}  // namespace facet::checks
