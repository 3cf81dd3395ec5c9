// renderScene: the piece over the set, the plate, the dual-capture pair, the ground truth.
// The equations are written out in docs/quality.md.
#include "scenes/scene.hpp"

#include "scenes/piece_geometry.hpp"
#include "scenes/piece_raster.hpp"
#include "scenes/scene_random.hpp"
#include "scenes/sensor_noise.hpp"
#include "scenes/studio_set.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace facet::scenes {

std::vector<Piece> allPieces() {
    return {Piece::CableChain,  Piece::CubanChain,  Piece::SolitaireRing,     Piece::PaveCluster,
            Piece::Filigree,    Piece::PearlStrand, Piece::ChandelierEarring, Piece::TennisBracelet};
}

std::string pieceName(Piece p) {
    switch (p) {
    case Piece::CableChain: return "cable-chain";
    case Piece::CubanChain: return "cuban-chain";
    case Piece::SolitaireRing: return "solitaire-ring";
    case Piece::PaveCluster: return "pave-cluster";
    case Piece::Filigree: return "filigree";
    case Piece::PearlStrand: return "pearl-strand";
    case Piece::ChandelierEarring: return "chandelier-earring";
    case Piece::TennisBracelet: return "tennis-bracelet";
    }
    return "unknown";
}

bool pieceFromName(const std::string& name, Piece& out) {
    for (Piece p : allPieces())
        if (pieceName(p) == name) {
            out = p;
            return true;
        }
    return false;
}

namespace {

void check(bool ok, const std::string& what) {
    if (!ok) throw std::invalid_argument("renderScene: " + what);
}

void validate(const SceneOptions& o) {
    check(o.size.width >= 64 && o.size.height >= 64, "size must be at least 64x64 pixels");
    check(o.size.width <= 20000 && o.size.height <= 20000, "size must be at most 20000 pixels a side");
    check(o.supersample >= 1 && o.supersample <= 16, "supersample must be 1..16");
    check(o.exposure > 0, "exposure must be positive");
    check(o.fullWellElectrons > 0, "fullWellElectrons must be positive");
    check(o.readNoise >= 0, "readNoise must be >= 0");
    check(o.focusBlurSigma >= 0, "focusBlurSigma must be >= 0");
    check(o.plateFrames >= 1, "plateFrames must be >= 1");
    check(o.plateExposureDrift > 0, "plateExposureDrift must be positive");
    check(o.backlightLevel >= 0, "backlightLevel must be >= 0");
    check(o.frontLightInBacklit >= 0 && o.frontLightInBacklit <= 1, "frontLightInBacklit must be 0..1");
    check(o.rimSpill >= 0, "rimSpill must be >= 0");
    check(o.sideSpill >= 0, "sideSpill must be >= 0");
    check(o.backgroundLevel >= 0, "backgroundLevel must be >= 0");
    check(o.thinWireScale > 0, "thinWireScale must be positive");
    check(o.shadowStrength >= 0 && o.shadowStrength < 1, "shadowStrength must be 0..1 (exclusive)");
}

// The plate camera stood `shift` px away: a feature at p in the shot is at p + shift in the
// plate. Bicubic resampling of the same band-limited set the shot samples.
cv::Mat shifted(const cv::Mat& img, cv::Point2d shift) {
    if (shift.x == 0 && shift.y == 0) return img.clone();
    const cv::Matx23d m(1, 0, shift.x, 0, 1, shift.y);
    cv::Mat out;
    cv::warpAffine(img, out, m, img.size(), cv::INTER_CUBIC, cv::BORDER_REFLECT);
    return out;
}

// Dark acrylic mirrors the piece below its contact line, dimmed and fading with distance.
// Returns the mirror image's light (added to the set) and marks where it shows.
cv::Mat acrylicMirror(const PieceImage& piece, float scale, uint64_t seed, cv::Mat& mirrorAlpha) {
    const cv::Size size = piece.alpha.size();
    cv::Mat mirror = cv::Mat::zeros(size, CV_32FC3);
    mirrorAlpha = cv::Mat::zeros(size, CV_32FC1);
    int bottom = -1;
    for (int y = size.height - 1; y >= 0 && bottom < 0; --y)
        if (cv::countNonZero(piece.alpha.row(y) > 0) > 0) bottom = y;
    if (bottom < 0) return mirror;
    SceneRandom rng(seed, 5);
    const float r0 = float(rng.uniform(0.12, 0.28));
    int top = size.height;
    for (int y = 0; y < size.height; ++y)
        if (cv::countNonZero(piece.alpha.row(y) > 0) > 0) {
            top = y;
            break;
        }
    const float fade = std::max(4.0f, float(bottom - top) * float(rng.uniform(0.2, 0.35)));
    for (int y = bottom + 1; y < size.height; ++y) {
        const int src = 2 * bottom + 1 - y;
        if (src < 0) break;
        const float r = r0 * std::exp(-float(y - bottom - 1) / fade);
        mirror.row(y) += piece.premultiplied.row(src) * r;
        piece.alpha.row(src).copyTo(mirrorAlpha.row(y));
        mirrorAlpha.row(y) *= r / r0;  // visibility, 1 at the contact line
    }
    const double blur = 0.7 * scale;  // acrylic is not a perfect mirror
    cv::GaussianBlur(mirror, mirror, cv::Size(0, 0), blur, blur, cv::BORDER_REFLECT);
    cv::GaussianBlur(mirrorAlpha, mirrorAlpha, cv::Size(0, 0), blur, blur, cv::BORDER_REFLECT);
    return mirror;
}

// Background pixels (alpha exactly 0) that cannot reach the frame edge without crossing the
// piece (4-connected, so an 8-connected wire is a wall): the enclosed holes.
cv::Mat enclosedHoles(const cv::Mat& alpha) {
    cv::Mat open(alpha.rows + 2, alpha.cols + 2, CV_8UC1, cv::Scalar(255));
    cv::Mat inner = open(cv::Rect(1, 1, alpha.cols, alpha.rows));
    inner.setTo(0, alpha > 0);
    cv::floodFill(open, cv::Point(0, 0), cv::Scalar(128), nullptr, 0, 0, 4);
    return inner == 255;
}

// A wire is thin only where the piece is thin: where links overlap into a mass (a cuban chain)
// a disc 9.5 px across fits inside the opaque piece, and those pixels are ordinary metal.
void keepThinOnlyWhereThin(cv::Mat& regions, const cv::Mat& alpha, const cv::Mat& metal) {
    cv::Mat wide;
    cv::morphologyEx(alpha >= 0.5f, wide, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_ELLIPSE, {10, 10}));
    regions.setTo(kMetal, (regions == kThinWire) & wide & metal);
}

// Backlight spilling round the metal's silhouette: metal-coloured light on metal pixels within
// ~2 px of an edge with light behind it (outline and holes alike).
cv::Mat rimSpill(const Scene& s, const cv::Mat& backlight, cv::Vec3f metal, double amount) {
    cv::Mat solid = s.alpha >= 0.5f, dist;
    cv::distanceTransform(solid, dist, cv::DIST_L2, 3);
    const float peak = std::max({metal[0], metal[1], metal[2], 1e-6f});
    const cv::Vec3f tint = metal / peak;
    cv::Mat spill = cv::Mat::zeros(s.alpha.size(), CV_32FC3);
    for (int y = 0; y < spill.rows; ++y) {
        const float* d = dist.ptr<float>(y);
        const uint8_t* m = s.metalMask.ptr<uint8_t>(y);
        const cv::Vec3f* l = backlight.ptr<cv::Vec3f>(y);
        cv::Vec3f* o = spill.ptr<cv::Vec3f>(y);
        for (int x = 0; x < spill.cols; ++x) {
            if (!m[x] || d[x] <= 0) continue;
            const float w = std::clamp((3.0f - d[x]) / 2.0f, 0.0f, 1.0f);  // 1 at the edge, 0 from 3 px in
            o[x] = float(amount) * w * tint.mul(l[x]);
        }
    }
    return spill;
}

cv::Mat gaussianBlurred(const cv::Mat& img, double sigma) {
    cv::Mat out;
    cv::GaussianBlur(img, out, cv::Size(0, 0), sigma, sigma, cv::BORDER_REFLECT);
    return out;
}

// What the piece's shadow leaves of the set's light, per pixel (CV_32FC3): the piece's
// silhouette, soft (an area light) and cast down and to the right (the key light is at the
// upper left), taking away `strength` of the light where it is densest.
cv::Mat shadowLight(const cv::Mat& coverage, double strength, float scale) {
    cv::Mat cast = shifted(coverage, {5.0 * scale, 7.0 * scale}), soft;
    cv::GaussianBlur(cast, soft, cv::Size(0, 0), 3.0 * scale, 3.0 * scale, cv::BORDER_REFLECT);
    cv::Mat light = 1.0 - strength * cv::min(soft, 1.0f), out;
    cv::merge(std::vector<cv::Mat>{light, light, light}, out);
    return out;
}

}  // namespace

Scene renderScene(const SceneOptions& o) {
    validate(o);
    Scene s;
    s.options = o;
    const cv::Size size = o.size;
    const float scale = std::min(size.width / 1024.0f, size.height / 680.0f);
    const uint64_t noiseSeed = o.noiseSeed != 0 ? mix64(o.noiseSeed ^ 0x6E6F697365ull) : o.seed;

    EmptySet set = renderEmptySet(o);
    // What polished metal mirrors and stones refract: the set, blurred by 2 px of a 1024 frame.
    // Being blurred, it is kept at 1/floor(scale) of the resolution (a 24 MP frame's blur
    // would otherwise cost seconds).
    cv::Mat reduced, setSeen;
    const int reduce = std::max(1, int(scale));
    if (reduce > 1)
        cv::resize(set.light, reduced, cv::Size((size.width + reduce - 1) / reduce, (size.height + reduce - 1) / reduce),
                   0, 0, cv::INTER_AREA);
    const double seenBlur = 2.0 * scale / reduce;
    cv::GaussianBlur(reduce > 1 ? reduced : set.light, setSeen, cv::Size(0, 0), seenBlur, seenBlur, cv::BORDER_REFLECT);
    reduced.release();
    const PieceLayout layout = layoutPiece(o, o.seed);
    PieceImage piece = rasterizePiece(layout, size, o.supersample, setSeen, scale, o.seed);
    setSeen.release();

    // Background behind the piece: the set, plus on acrylic the piece's mirror image.
    const float exposure = float(o.exposure);
    set.light *= exposure;
    s.velvetTextureStd = set.textureStd * exposure;
    cv::Mat mirrorAlpha;
    if (o.surface == Surface::DarkAcrylic)
        s.background = set.light + acrylicMirror(piece, scale, o.seed, mirrorAlpha) * exposure;
    else
        s.background = set.light;  // shared, read-only from here on
    if (o.shadowStrength > 0) {
        // A new image: s.background may still share the set's light, which the plate needs unshadowed.
        cv::Mat shadowed;
        cv::multiply(s.background, shadowLight(piece.alpha, o.shadowStrength, scale), shadowed);
        s.background = shadowed;
    }

    // Region map: the piece's own codes, then holes and mirror among the background pixels.
    s.regions = piece.regions;
    keepThinOnlyWhereThin(s.regions, piece.alpha, piece.metal);
    s.regions.setTo(kEnclosedHole, enclosedHoles(piece.alpha));
    if (!mirrorAlpha.empty()) s.regions.setTo(kAcrylicMirror, (mirrorAlpha > 0.05f) & (s.regions == kBackground));
    s.metalMask = piece.metal;
    s.alpha = piece.alpha;
    s.alphaTransmit = piece.alphaTransmit;

    // C = a*F + (1 - a)*B in linear light, exposure applied.
    cv::Mat clean(size, CV_32FC3);
    s.foreground = cv::Mat::zeros(size, CV_32FC3);
    s.foregroundTransmit = cv::Mat::zeros(size, CV_32FC3);
    for (int y = 0; y < size.height; ++y) {
        const float* a = s.alpha.ptr<float>(y);
        const float* t = s.alphaTransmit.ptr<float>(y);
        const cv::Vec3f* p = piece.premultiplied.ptr<cv::Vec3f>(y);
        const cv::Vec3f* b = s.background.ptr<cv::Vec3f>(y);
        cv::Vec3f* c = clean.ptr<cv::Vec3f>(y);
        cv::Vec3f* f = s.foreground.ptr<cv::Vec3f>(y);
        cv::Vec3f* ft = s.foregroundTransmit.ptr<cv::Vec3f>(y);
        for (int x = 0; x < size.width; ++x) {
            c[x] = p[x] * exposure + (1 - a[x]) * b[x];
            if (a[x] > 0) f[x] = p[x] * (exposure / a[x]);
            if (t[x] > 0) {
                // The straight colour that makes the transmit matte reproduce the shot exactly.
                const cv::Vec3f v = (c[x] - (1 - t[x]) * b[x]) / t[x];
                ft[x] = cv::Vec3f(std::max(0.0f, v[0]), std::max(0.0f, v[1]), std::max(0.0f, v[2]));
            }
        }
    }
    piece.premultiplied.release();

    // The clean plate: the empty set at the plate session's exposure, from the shifted camera,
    // N frames averaged.
    s.plate = shifted(set.light, o.plateShift);
    s.plate *= o.plateExposureDrift;
    addSensorNoise(s.plate, o.fullWellElectrons, o.readNoise, o.plateFrames, noiseSeed, 2);

    if (o.backlit) {
        const float k = float(o.frontLightInBacklit);
        cv::Mat backlight = renderBacklight(o) * exposure;
        s.backlitRimSpill = rimSpill(s, backlight, layout.metal, o.rimSpill);
        // C2 = k*C1 + (1 - aT)*L + spill  ==  k*aT*F_T + (1 - aT)*(L + k*B) + spill
        cv::Mat backlitClean(size, CV_32FC3);
        for (int y = 0; y < size.height; ++y) {
            const float* t = s.alphaTransmit.ptr<float>(y);
            const cv::Vec3f* c = clean.ptr<cv::Vec3f>(y);
            const cv::Vec3f* l = backlight.ptr<cv::Vec3f>(y);
            const cv::Vec3f* sp = s.backlitRimSpill.ptr<cv::Vec3f>(y);
            cv::Vec3f* o2 = backlitClean.ptr<cv::Vec3f>(y);
            for (int x = 0; x < size.width; ++x) o2[x] = k * c[x] + (1 - t[x]) * l[x] + sp[x];
        }
        s.backlitShot = o.focusBlurSigma > 0 ? gaussianBlurred(backlitClean, o.focusBlurSigma) : backlitClean;
        addSensorNoise(s.backlitShot, o.fullWellElectrons, o.readNoise, 1, noiseSeed, 3);
        cv::Mat emptyBacklit = backlight + k * set.light;
        s.backlitPlate = shifted(emptyBacklit, o.plateShift);
        s.backlitPlate *= o.plateExposureDrift;
        addSensorNoise(s.backlitPlate, o.fullWellElectrons, o.readNoise, o.plateFrames, noiseSeed, 4);
    }

    // The shot: optics (focus blur), then the sensor. Last, so the noise-free image can become
    // the shot without a copy.
    s.shot = o.focusBlurSigma > 0 ? gaussianBlurred(clean, o.focusBlurSigma) : clean;
    clean.release();
    addSensorNoise(s.shot, o.fullWellElectrons, o.readNoise, 1, noiseSeed, 1);
    return s;
}

}  // namespace facet::scenes
