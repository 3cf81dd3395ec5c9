#pragma once
// The cutout: from a shot (and its clean plate, and optionally the backlit pair) to a true
// alpha, straight foreground colour, a confidence map and the regions a retoucher should check.
//
// Methods, best first:
//   dual        shot + plate with the backlight off and on: triangulation matting, exact per pixel
//   clean-plate single shot + plate: alpha from the difference to the plate, holes told from
//               reflections by the plate's own texture
//   frame-model single shot, no plate: the background is modelled from the frame itself (lower
//               quality; the report says so)
#include <opencv2/core.hpp>

#include <map>
#include <string>
#include <vector>

namespace facet {

enum class StoneTreatment { Preserve, Transmit };
enum class SurfaceKind { Velvet, Acrylic };

struct CutoutParams {
    StoneTreatment stones = StoneTreatment::Preserve;
    SurfaceKind surface = SurfaceKind::Velvet;
    int edgeBandPx = 4;            // widest soft edge solved for (pearls: 2-4 px)
    double holeNoiseSigmas = 3.0;  // how far from the plate (in noise sigmas) still counts as the plate
    double minSolvableContrast = 0.02;  // |F - B| below this: alpha is not solvable, flag for review
    // Dual: the front light's share in the backlit frame, when the studio knows it (0: front
    // lights off for that frame); negative: measured from the frames' opaque pixels.
    double frontLightInBacklit = -1;
    bool confidenceMap = true;     // false: CutoutResult::confidence is left empty (saves a full frame)
};

struct ReviewRegion {
    cv::Rect box;          // in shot pixels
    std::string reason;    // "low contrast against the velvet", "reflection or hole?", ...
    double severity = 0;   // 0..1, higher first
};

struct PlateAlignment {
    cv::Point2d shift;     // px, plate -> shot
    double gain = 1;       // shot / plate brightness
};

struct CutoutResult {
    std::string method;            // "dual", "clean-plate", "frame-model"
    cv::Mat alpha;                 // CV_32FC1
    cv::Mat foreground;            // linear CV_32FC3, straight, decontaminated
    cv::Mat confidence;            // CV_32FC1 0..1 (1 = measured, low = guessed); empty unless
                                   // CutoutParams::confidenceMap
    std::vector<ReviewRegion> review;
    PlateAlignment plate;          // how the plate was matched (identity when none)
    double frontLightRatio = 1;    // dual: k, the front light in the backlit frame
    std::vector<std::string> notes;            // things the photographer should know
    std::map<std::string, double> timingsMs;   // per stage
    double coverage = 0;           // fraction of the frame covered by the piece (sum alpha / area)
};

struct CutoutInputs {
    cv::Mat shot;          // linear CV_32FC3
    cv::Mat plate;         // optional, linear CV_32FC3 or half precision CV_16FC3, same size
    cv::Mat backlitShot;   // optional (dual), same size
    cv::Mat backlitPlate;  // required with backlitShot; CV_32FC3 or half precision CV_16FC3
    // One code of the shot's file at black, linear (codeAtBlack in image_io.hpp): the noise
    // floor of the matte's tests. 0: the images carry their own noise (rendered scenes).
    float codeAtBlack = 0.0f;
};

// Preconditions (checked): images linear CV_32FC3 (the plates may be CV_16FC3), equal
// sizes; backlitShot needs plate and backlitPlate. Throws cv::Exception on violated
// preconditions (callers validate files first).
CutoutResult makeCutout(const CutoutInputs& inputs, const CutoutParams& params = {});

}  // namespace facet
