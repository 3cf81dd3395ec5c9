#pragma once
// The single-shot matte on a dark background with a known background (the aligned clean
// plate, or a model of the background from the frame itself).
//
// C = a F + (1 - a) B. With B known, alpha is the shot's distance from the background along
// the direction of the foreground colour, a = (C - B).(F - B) / |F - B|^2, with F taken from
// confident foreground nearby. Three physical facts keep it honest:
//   - a hole shows the plate itself (residual = sensor noise): it stays transparent, whatever
//     surrounds it; nothing is closed by morphology;
//   - dark polished metal mirrors the velvet but not pixel for pixel (structured residual):
//     it is opaque metal, not a hole;
//   - real soft edges are narrow (edgeBandPx): deeper inside the piece than that, away from any
//     verified background, a pixel is opaque (stones keep their look: "preserve").
#include "pipeline/cutout.hpp"

#include <opencv2/core.hpp>

namespace facet {

struct KnownBackground {
    cv::Mat colour;               // linear CV_32FC3, the background behind every pixel
    cv::Vec3f noiseSigma;         // per-channel sd of (shot - background) where it shows
    bool hasPlateTexture = true;  // false when modelled from the frame: no hole/reflection test
    cv::Mat outsidePlate;         // optional CV_8UC1: pixels the plate does not cover (the camera
                                  // moved): judged by brightness alone
};

struct SingleShotMatte {
    cv::Mat alpha;                // CV_32FC1
    cv::Mat foreground;           // linear CV_32FC3, decontaminated
    cv::Mat confidence;           // CV_32FC1
    cv::Mat verifiedBackground;   // CV_8UC1: pixels proven to show the background
    cv::Mat reflections;          // CV_8UC1: dark pixels kept opaque (mirrored background)
    cv::Mat lowContrast;          // CV_8UC1: soft-edge pixels where F is too close to B to solve
    cv::Mat softEdges;            // CV_8UC1: pixels solved as a soft edge (a pearl's limb), not as a rim
    cv::Mat judgedOutline;        // CV_8UC1: a mirror's outline pixels too close to the plate's colour to
                                  // measure, taken as covered (silver mirroring the velvet)
    float leastSetLight = 1.0f;   // the darkest the piece's shadow makes the set (1: no shadow measured)
};

SingleShotMatte solveSingleShot(const cv::Mat& shot, const KnownBackground& background,
                                const CutoutParams& params);

// Opaque wherever a pixel is further than `bandPx` from any background pixel (mask CV_8UC1).
// Shared by the single-shot and the dual matte: stones are "preserved" this way.
void fillInterior(cv::Mat& alpha, const cv::Mat& backgroundMask, int bandPx);

// Snap alpha within `noiseAlpha` sigmas of 0 or 1 to exactly 0 or 1 (noise, not coverage).
void snapToNoise(cv::Mat& alpha, float noiseAlpha);

}  // namespace facet
