#include "scenes/quality_run.hpp"

#include "pipeline/image.hpp"
#include "pipeline/plate_alignment.hpp"

#include <chrono>

namespace facet::scenes {

std::string modeName(CaptureMode m) {
    switch (m) {
        case CaptureMode::SingleWithPlate: return "plate";
        case CaptureMode::SingleNoPlate: return "no-plate";
        case CaptureMode::Acrylic: return "acrylic";
        case CaptureMode::Dual: return "dual";
    }
    return "?";
}

bool modeFromName(const std::string& name, CaptureMode& out) {
    for (CaptureMode m : {CaptureMode::SingleWithPlate, CaptureMode::SingleNoPlate, CaptureMode::Acrylic,
                          CaptureMode::Dual})
        if (modeName(m) == name) return out = m, true;
    return false;
}

cv::Mat plainTriangulation(const cv::Mat& c1, const cv::Mat& p1, const cv::Mat& c2, const cv::Mat& p2, double k) {
    cv::Mat alpha(c1.size(), CV_32FC1);
    const float kf = float(k);
    for (int y = 0; y < c1.rows; ++y) {
        const cv::Vec3f *a1 = c1.ptr<cv::Vec3f>(y), *b1 = p1.ptr<cv::Vec3f>(y);
        const cv::Vec3f *a2 = c2.ptr<cv::Vec3f>(y), *b2 = p2.ptr<cv::Vec3f>(y);
        float* o = alpha.ptr<float>(y);
        for (int x = 0; x < c1.cols; ++x) {
            const cv::Vec3f v = b2[x] - kf * b1[x], t = a2[x] - kf * a1[x];
            const float v2 = v.dot(v);
            o[x] = v2 > 0 ? std::clamp(1.0f - t.dot(v) / v2, 0.0f, 1.0f) : 0.0f;
        }
    }
    return alpha;
}

SceneCutout cutOutScene(Piece piece, CaptureMode mode, uint64_t seed, cv::Size size, double shadow) {
    SceneOptions options;
    options.piece = piece;
    options.seed = seed;
    options.size = size;
    options.surface = mode == CaptureMode::Acrylic ? Surface::DarkAcrylic : Surface::BlackVelvet;
    options.backlit = mode == CaptureMode::Dual;
    // Photographers often dim the front light for the backlit frame: measure that case.
    options.frontLightInBacklit = 0.6;
    options.shadowStrength = shadow;
    SceneCutout out{renderScene(options), {}, 0};
    const Scene& scene = out.scene;

    CutoutInputs in;
    in.shot = scene.shot;
    if (mode != CaptureMode::SingleNoPlate) in.plate = scene.plate;
    CutoutParams params;
    if (mode == CaptureMode::Dual) {
        in.backlitShot = scene.backlitShot;
        in.backlitPlate = halfPrecisionPlate(scene.backlitPlate);  // as `facet cutout` holds it
        params.stones = StoneTreatment::Transmit;
    }
    if (mode == CaptureMode::Acrylic) params.surface = SurfaceKind::Acrylic;

    const auto t0 = std::chrono::steady_clock::now();
    out.result = makeCutout(in, params);
    const auto t1 = std::chrono::steady_clock::now();
    out.cutoutMs = std::chrono::duration<double, std::milli>(t1 - t0).count();
    return out;
}

QualityRow measureCutout(Piece piece, CaptureMode mode, uint64_t seed, cv::Size size, double shadow) {
    return scoreCutout(cutOutScene(piece, mode, seed, size, shadow), piece, mode, seed);
}

QualityRow scoreCutout(const SceneCutout& cut, Piece piece, CaptureMode mode, uint64_t seed) {
    const Scene& scene = cut.scene;
    const cv::Size size = scene.shot.size();
    const CutoutResult& result = cut.result;

    QualityRow row;
    row.piece = pieceName(piece);
    row.mode = modeName(mode);
    row.seed = seed;
    row.cutoutMs = cut.cutoutMs;
    const bool transmit = mode == CaptureMode::Dual;
    const cv::Mat& truth = transmit ? scene.alphaTransmit : scene.alpha;
    const cv::Mat& truthFg =
        transmit && !scene.foregroundTransmit.empty() ? scene.foregroundTransmit : scene.foreground;
    row.scores = scoreJewelryMatte(result.alpha, result.foreground, truth, truthFg, scene.regions);

    if (mode == CaptureMode::Dual) {
        // The textbook formula gets the same help the cutout has: aligned, exposure-matched plates.
        const PlateAlignment a = measurePlateAlignment(scene.shot, scene.plate);
        PlateAlignment a2 = a;
        a2.gain = measurePlateGain(scene.backlitShot, scene.backlitPlate, a.shift);
        const cv::Rect all(0, 0, size.width, size.height);
        cv::Mat plain = plainTriangulation(scene.shot, alignedPlate(scene.plate, a, all), scene.backlitShot,
                                           alignedPlate(scene.backlitPlate, a2, all), result.frontLightRatio);
        row.plainTriangulationSad = sadError(plain, truth);
    }
    return row;
}

}  // namespace facet::scenes
