#include "scenes/halo_sources.hpp"

#include "pipeline/background_evidence.hpp"
#include "pipeline/matte_metrics.hpp"
#include "pipeline/plate_alignment.hpp"
#include "pipeline/single_shot_matte.hpp"
#include "pipeline/srgb.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <tuple>

namespace facet::scenes {

namespace {

const char* alphaClass(float a, bool truth) {
    if (a <= 0.0f) return truth ? "background" : "left out";
    if (a >= 1.0f) return "opaque";
    return "partial";
}

const char* regionName(uint8_t code) {
    switch (code) {
        case kBackground: return "background";
        case kMetal: return "lit metal";
        case kMetalReflection: return "mirror";
        case kStone: return "stone";
        case kPearl: return "pearl";
        case kThinWire: return "thin wire";
        case kEnclosedHole: return "hole";
        case kAcrylicMirror: return "acrylic mirror";
    }
    return "?";
}

const char* depthName(float d) {
    if (d <= 0.0f) return "on it";
    if (d < 1.5f) return "outline";
    if (d < 2.5f) return "2 px in";
    return "deeper";
}

// One pixel's halo on white, 0-255, as scoreJewelryMatte counts it.
double pixelHalo(float a, const cv::Vec3f& f, float t, const cv::Vec3f& tf) {
    double sum = 0;
    for (int c = 0; c < 3; ++c) {
        const float mine = a > 0 ? a * f[c] + (1 - a) : 1.0f;
        const float truth = t > 0 ? t * tf[c] + (1 - t) : 1.0f;
        sum += std::abs(srgbEncode(mine) - srgbEncode(truth)) * 255.0;
    }
    return sum / 3.0;
}

// Sums pixels per (decision, depth) and sorts the sources, most pixels first.
class MissTally {
public:
    void add(const std::string& decision, const std::string& depth) { ++counts_[{decision, depth}]; }
    std::vector<TargetMisses::Source> sources() const {
        std::vector<TargetMisses::Source> out;
        for (const auto& [key, n] : counts_) out.push_back({key.first, key.second, n});
        std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.pixels > b.pixels; });
        return out;
    }

private:
    std::map<std::pair<std::string, std::string>, int> counts_;
};

// The plain projection of the shot on the true foreground colour: what the matte would measure
// at this pixel if it knew the colour of the surface there.
float alphaOnTrueColour(const cv::Vec3f& shot, const cv::Vec3f& background, const cv::Vec3f& foreground) {
    const cv::Vec3f fb = foreground - background;
    const float norm = fb.dot(fb);
    return norm > 0 ? (shot - background).dot(fb) / norm : 0.0f;
}

}  // namespace

HaloExplanation explainHalo(Piece piece, CaptureMode mode, uint64_t seed, cv::Size size, double shadow) {
    if (mode != CaptureMode::SingleWithPlate && mode != CaptureMode::Acrylic)
        throw std::invalid_argument("explainHalo: only the single shot with a plate (plate, acrylic) is explained");
    SceneOptions options;
    options.piece = piece;
    options.seed = seed;
    options.size = size;
    options.surface = mode == CaptureMode::Acrylic ? Surface::DarkAcrylic : Surface::BlackVelvet;
    options.shadowStrength = shadow;
    const Scene s = renderScene(options);

    // The matte the cutout's tiles make, on the whole frame at once, with its decisions.
    const PlateAlignment alignment = measurePlateAlignment(s.shot, s.plate);
    const cv::Mat plate = alignedPlate(s.plate, alignment, cv::Rect({0, 0}, s.shot.size()));
    const cv::Vec3f sigma = residualNoiseSigma(s.shot - plate, s.alpha <= 0.0f);
    CutoutParams params;
    if (mode == CaptureMode::Acrylic) params.surface = SurfaceKind::Acrylic;
    const SingleShotMatte m = solveSingleShot(s.shot, KnownBackground{plate, sigma, true, {}}, params);
    cv::Mat proven;
    cv::distanceTransform(m.verifiedBackground == 0, proven, cv::DIST_L2, cv::DIST_MASK_5);

    const cv::Mat band = whiteHaloBand(s.alpha);
    using Key = std::tuple<std::string, std::string, std::string, std::string, std::string>;
    std::map<Key, std::pair<int, double>> sums;
    double total = 0;
    int pixels = 0;
    HaloExplanation out;
    MissTally thinMisses, holeMisses;
    for (int y = 0; y < band.rows; ++y)
        for (int x = 0; x < band.cols; ++x) {
            const float a = m.alpha.at<float>(y, x), t = s.alpha.at<float>(y, x);
            const uint8_t region = s.regions.at<uchar>(y, x);
            const char* decision = m.reflections.at<uchar>(y, x)          ? "kept as a mirror"
                                   : m.verifiedBackground.at<uchar>(y, x) ? "proven background"
                                                                           : "-";
            // The targets' failures, counted as scoreJewelryMatte counts them.
            if (region == kThinWire && t > 0.5f) {
                ++out.thinWire.counted;
                if (a <= 0.5f) {
                    ++out.thinWire.missed;
                    thinMisses.add(decision, depthName(proven.at<float>(y, x)));
                    const float told = alphaOnTrueColour(s.shot.at<cv::Vec3f>(y, x), plate.at<cv::Vec3f>(y, x),
                                                          s.foreground.at<cv::Vec3f>(y, x));
                    if (told > 0.5f) ++out.thinWire.keptByTrueColour;
                }
            }
            if (region == kEnclosedHole) {
                ++out.holes.counted;
                if (a >= 0.1f) {
                    ++out.holes.missed;
                    holeMisses.add(decision, depthName(proven.at<float>(y, x)));
                }
            }
            if (!band.at<uchar>(y, x)) continue;
            const double h = pixelHalo(a, m.foreground.at<cv::Vec3f>(y, x), t, s.foreground.at<cv::Vec3f>(y, x));
            auto& entry = sums[{alphaClass(t, true), alphaClass(a, false), regionName(region),
                                decision, depthName(proven.at<float>(y, x))}];
            entry.first += 1;
            entry.second += h;
            total += h;
            ++pixels;
        }
    out.thinWire.sources = thinMisses.sources();
    out.holes.sources = holeMisses.sources();
    out.halo = pixels ? total / pixels : 0.0;
    for (const auto& [key, value] : sums) {
        HaloSource h;
        std::tie(h.truth, h.matte, h.region, h.decision, h.depth) = key;
        h.pixels = value.first;
        h.share = total > 0 ? value.second / total : 0.0;
        h.meanLevels = value.first ? value.second / value.first : 0.0;
        out.sources.push_back(h);
    }
    std::sort(out.sources.begin(), out.sources.end(), [](const HaloSource& a, const HaloSource& b) { return a.share > b.share; });
    return out;
}

}  // namespace facet::scenes
