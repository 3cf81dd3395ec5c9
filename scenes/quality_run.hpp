#pragma once
// The cutout measured on rendered scenes with exact ground truth: one row per piece and capture
// mode, the numbers the README's quality table reports (`facet quality`).
#include "pipeline/cutout.hpp"
#include "pipeline/matte_metrics.hpp"
#include "scenes/scene.hpp"

#include <string>
#include <vector>

namespace facet::scenes {

enum class CaptureMode {
    SingleWithPlate,  // one shot on velvet + clean plate
    SingleNoPlate,    // one shot, background modelled from the frame
    Acrylic,          // one shot on dark acrylic + clean plate (the mirror image is background)
    Dual,             // shot + plate, backlight off and on: stones transmit
};
std::string modeName(CaptureMode m);
bool modeFromName(const std::string& name, CaptureMode& out);

struct QualityRow {
    std::string piece;
    std::string mode;
    uint64_t seed = 0;
    JewelryScores scores;
    double plainTriangulationSad = -1;  // dual only: the textbook formula on the same input
    double cutoutMs = 0;
};

// A rendered scene and its cutout, made with the mode's inputs and parameters.
struct SceneCutout {
    Scene scene;
    CutoutResult result;
    double cutoutMs = 0;
};

// Renders the scene (size, seed; the piece's shadow on the set as SceneOptions::shadowStrength)
// and cuts it out as `facet cutout` would with the mode's inputs.
SceneCutout cutOutScene(Piece piece, CaptureMode mode, uint64_t seed, cv::Size size = {1024, 680},
                        double shadow = 0.0);

// cutOutScene, scored against the ground truth (the "transmit" truth for dual, "preserve"
// otherwise).
QualityRow measureCutout(Piece piece, CaptureMode mode, uint64_t seed, cv::Size size = {1024, 680},
                         double shadow = 0.0);

// A scene's cutout (from cutOutScene) scored against its ground truth: measureCutout without
// the rendering, for callers that also want the cutout itself.
QualityRow scoreCutout(const SceneCutout& cut, Piece piece, CaptureMode mode, uint64_t seed);

// The textbook triangulation formula, per pixel, clamped: the reference the dual matte must beat.
cv::Mat plainTriangulation(const cv::Mat& shot, const cv::Mat& plate, const cv::Mat& backlitShot,
                           const cv::Mat& backlitPlate, double frontLightRatio);

}  // namespace facet::scenes
