#include "scenes/halo_headroom.hpp"

#include "pipeline/foreground_estimation.hpp"
#include "pipeline/matte_regions.hpp"
#include "pipeline/plate_alignment.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <stdexcept>

namespace facet::scenes {

namespace {

// Pixels whose true alpha is strictly between "left out" and "opaque".
cv::Mat truePartial(const cv::Mat& truth) { return (truth > 0.0f) & (truth < 1.0f); }

// Alpha projected on the true foreground colour: (C - B).(F - B) / |F - B|^2, clamped.
cv::Mat projectOnTrueColour(const cv::Mat& shot, const cv::Mat& plate, const cv::Mat& truthFg) {
    cv::Mat alpha(shot.size(), CV_32FC1);
    for (int y = 0; y < shot.rows; ++y) {
        const cv::Vec3f *c = shot.ptr<cv::Vec3f>(y), *b = plate.ptr<cv::Vec3f>(y), *f = truthFg.ptr<cv::Vec3f>(y);
        float* a = alpha.ptr<float>(y);
        for (int x = 0; x < shot.cols; ++x) {
            const cv::Vec3f fb = f[x] - b[x];
            const float n = fb.dot(fb);
            a[x] = n > 0 ? std::clamp((c[x] - b[x]).dot(fb) / n, 0.0f, 1.0f) : 0.0f;
        }
    }
    return alpha;
}

}  // namespace

HaloHeadroom measureHaloHeadroom(Piece piece, CaptureMode mode, uint64_t seed, cv::Size size, double shadow) {
    if (mode != CaptureMode::SingleWithPlate && mode != CaptureMode::Acrylic)
        throw std::invalid_argument("measureHaloHeadroom: only the single shot with a plate (plate, acrylic)");
    const SceneCutout cut = cutOutScene(piece, mode, seed, size, shadow);
    const Scene& s = cut.scene;
    const CutoutResult& r = cut.result;
    const cv::Mat plate = alignedPlate(s.plate, r.plate, cv::Rect({0, 0}, s.shot.size()));
    auto halo = [&](const cv::Mat& alpha, const cv::Mat& fg) {
        return scoreJewelryMatte(alpha, fg, s.alpha, s.foreground, s.regions).whiteHalo;
    };
    // The cutout with `alpha` taken on `where`, its colour there unmixed from the shot towards
    // the cutout's own colours spread over the frame (what it would have used there).
    const cv::Mat prior = propagateColour(r.foreground, r.alpha);
    auto told = [&](const cv::Mat& alpha, const cv::Mat& where) {
        cv::Mat a = r.alpha.clone(), f = r.foreground.clone();
        alpha.copyTo(a, where);
        decontaminate(s.shot, plate, a, prior).copyTo(f, where);
        return halo(a, f);
    };
    const cv::Mat partial = truePartial(s.alpha);
    const cv::Mat rims = partial & ((s.regions == kMetal) | (s.regions == kThinWire));

    HaloHeadroom h;
    h.halo = halo(r.alpha, r.foreground);
    cv::Mat truthOpaque;
    cv::threshold(s.alpha, truthOpaque, 0.999, 1.0, cv::THRESH_BINARY);
    const cv::Mat truthOpaqueColour = propagateColour(s.shot, truthOpaque);
    h.noiseFloor = halo(s.alpha, decontaminate(s.shot, plate, s.alpha, truthOpaqueColour));
    h.trueRimColour = told(projectOnTrueColour(s.shot, plate, s.foreground), rims);
    h.trueMirrorAlpha = told(s.alpha, s.regions == kMetalReflection);
    h.truePartialAlpha = told(s.alpha, partial);
    h.trueSolidAlpha = told(s.alpha, ~partial);
    return h;
}

}  // namespace facet::scenes
