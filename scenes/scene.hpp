#pragma once
// Rendered jewelry scenes with exact ground truth.
//
// Each scene is rendered with supersampling (exact fractional alpha at edges and on thin
// wires), composed in linear light, with sensor shot and read noise, on black velvet (fibre
// texture) or dark acrylic (mirror image of the piece below its contact line). It comes with
// its clean plate (the empty set, averaged over several frames, with a small exposure drift and
// camera shift as in a real studio) and, for dual capture, the backlit pair.
//
// Used by the quality measurements, the tests, the benchmarks and the simulated studio camera.
#include "pipeline/matte_regions.hpp"

#include <opencv2/core.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace facet::scenes {

enum class Piece {
    CableChain,
    CubanChain,
    SolitaireRing,     // band + prongs + a transparent stone
    PaveCluster,       // many small stones with gaps between them
    Filigree,          // 1-3 px wires with enclosed holes
    PearlStrand,       // pearls with a soft 2-4 px edge
    ChandelierEarring, // tiers with open space between them
    TennisBracelet,    // a line of stones in small metal settings, thin links
};
std::vector<Piece> allPieces();
std::string pieceName(Piece p);            // "cable-chain", "solitaire-ring", ...
bool pieceFromName(const std::string& name, Piece& out);

enum class Surface { BlackVelvet, DarkAcrylic };

enum class MetalColour { FromSeed, Gold, Silver, Rose };

// Region codes of the ground-truth map: see pipeline/matte_regions.hpp (facet::Region).
using facet::Region;


struct SceneOptions {
    Piece piece = Piece::CableChain;
    Surface surface = Surface::BlackVelvet;
    cv::Size size{1024, 680};
    uint64_t seed = 1;            // the piece, its placement, the set
    uint64_t noiseSeed = 0;       // sensor noise draws; 0 = from `seed`. A live-view sequence
                                  // keeps `seed` and changes this: same scene, fresh noise.
    int supersample = 4;          // per axis, for the exact fractional alpha
    MetalColour metal = MetalColour::FromSeed;

    // Exposure and sensor: linear signal scale and noise (photon shot noise at `fullWellElectrons`
    // for 1.0, plus Gaussian read noise in linear units).
    double exposure = 1.0;
    double fullWellElectrons = 20000;
    double readNoise = 0.0005;
    double focusBlurSigma = 0.0;  // px; optical blur of the shot (piece and set) for focus tests;
                                  // the truth and the plate stay sharp

    // The clean plate as a studio makes it: N frames averaged, then drift before the shot.
    int plateFrames = 8;
    double plateExposureDrift = 1.03;   // plate brightness / shot brightness
    cv::Point2d plateShift{1.3, -0.8};  // px, camera moved between plate and shot: a feature at p
                                        // in the shot is at p + plateShift in the plate

    // Dual capture: second exposure with a backlight under a translucent support. The backlit
    // plate gets the same frames, drift and shift as the plate.
    bool backlit = false;
    double backlightLevel = 0.8;        // linear brightness of the lit support
    double frontLightInBacklit = 1.0;   // k: front light scale in the backlit frame (0..1)
    double rimSpill = 0.15;             // backlight spilling onto metal rims (metal-tinted)

    // Lighting faults for the live checks.
    // They change the set's light, so they appear in the plate as well as in the shot.
    double sideSpill = 0.0;             // extra light on the background at the left edge, relative to
                                        // the main light (0.5 = +50 %), ramping to 0 at 45 % of the width
    cv::Scalar backgroundTint{1, 1, 1}; // multiplies the background colour (B, G, R)
    double backgroundLevel = 1.0;       // multiplies the background brightness
    double thinWireScale = 1.0;         // scales wire/link widths (e.g. for a 1.5 px chain)

    // The piece's own shadow on the set (directional light from the upper left): the share of
    // the set's light it takes away right under the piece. In the shot only: the plate is the
    // empty set. Background all the same (the truth alpha is the piece's).
    double shadowStrength = 0.0;
};

struct Scene {
    SceneOptions options;
    cv::Mat shot;             // linear CV_32FC3, with noise
    cv::Mat plate;            // linear CV_32FC3: the averaged clean plate, drifted and shifted
    cv::Mat backlitShot;      // dual capture only: the shot with the backlight on
    cv::Mat backlitPlate;     // dual capture only: the plate with the backlight on
    cv::Mat alpha;            // CV_32FC1 ground truth; stones opaque inside the girdle ("preserve")
    cv::Mat alphaTransmit;    // CV_32FC1 ground truth with the stones' true partial alpha ("transmit")
    cv::Mat foreground;       // linear CV_32FC3 straight foreground colour (valid where alpha > 0)
    cv::Mat regions;          // CV_8UC1 Region codes
    cv::Mat background;       // linear CV_32FC3, the noise-free background behind the piece in the shot

    // Straight foreground matching alphaTransmit: alphaTransmit*foregroundTransmit +
    // (1 - alphaTransmit)*background equals the noise-free shot (it carries the light the stones
    // refract from behind them). Equal to `foreground` wherever alpha == alphaTransmit.
    cv::Mat foregroundTransmit;
    // Dual capture only: the metal-tinted backlight spilled onto metal rims, already included in
    // backlitShot (noise-free, linear CV_32FC3); zero elsewhere.
    cv::Mat backlitRimSpill;
    cv::Mat metalMask;        // CV_8UC1 255 where the pixel is mostly metal (any metal region)
    double velvetTextureStd = 0;  // linear std of the set's fine texture (for the contrast-to-noise ratio)
};

// Deterministic for a given options (seed included). Throws std::invalid_argument on options
// out of range (size, supersample, plateFrames, exposure, noise).
// The physics and the equations are documented in docs/quality.md.
Scene renderScene(const SceneOptions& options);

// The 8-bit sRGB JPEG-like frame a camera would send for live view (resized to `size`).
cv::Mat toLiveViewFrame(const cv::Mat& linear, cv::Size size);

}  // namespace facet::scenes
