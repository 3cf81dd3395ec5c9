#include "pipeline/cutout.hpp"

#include "pipeline/acrylic_reflection.hpp"
#include "pipeline/background_evidence.hpp"
#include "pipeline/dual_matte.hpp"
#include "pipeline/frame_background.hpp"
#include "pipeline/image.hpp"
#include "pipeline/piece_tiles.hpp"
#include "pipeline/plate_alignment.hpp"
#include "pipeline/review_regions.hpp"
#include "pipeline/single_shot_matte.hpp"
#include "pipeline/zero_image.hpp"

#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <mutex>

namespace facet {

namespace {

constexpr int kTileSize = 256;

class StageClock {
public:
    explicit StageClock(std::map<std::string, double>& out) : out_(out) {}
    void lap(const std::string& stage) {
        auto now = std::chrono::steady_clock::now();
        out_[stage] += std::chrono::duration<double, std::milli>(now - last_).count();
        last_ = now;
    }

private:
    std::map<std::string, double>& out_;
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

void requireInputs(const CutoutInputs& in) {
    CV_Assert(isLinearColour(in.shot));
    if (!in.plate.empty()) CV_Assert(isLinearPlate(in.plate) && in.plate.size() == in.shot.size());
    if (!in.backlitShot.empty()) {
        CV_Assert(!in.plate.empty() && isLinearColour(in.backlitShot) && isLinearPlate(in.backlitPlate));
        CV_Assert(in.backlitShot.size() == in.shot.size() && in.backlitPlate.size() == in.shot.size());
    }
}

// Two independent jobs, one on each core.
void bothAtOnce(const std::function<void()>& first, const std::function<void()>& second) {
    cv::parallel_for_(cv::Range(0, 2), [&](const cv::Range& r) {
        for (int i = r.start; i < r.end; ++i) (i == 0 ? first : second)();
    }, 2);
}

// Everything the tiles share: the inputs and how the background behind them is known.
struct Setting {
    Setting(const CutoutInputs& inputs, const CutoutParams& parameters) : in(inputs), params(parameters) {}
    const CutoutInputs& in;
    const CutoutParams& params;
    cv::Mat background;          // the plate, or the frame's background model (full size)
    PlateAlignment alignment;    // identity for the frame model
    PlateAlignment backlitAlignment;
    bool plateTexture = true;
    cv::Vec3f sigma, backlitSigma;
    double frontLightRatio = -1;
    int halo = 0;

    void backgroundFor(const cv::Rect& r, cv::Mat& out) const {
        if (plateTexture) alignedPlate(background, alignment, r, out);
        else background(r).copyTo(out);
    }
    cv::Mat backgroundFor(const cv::Rect& r) const {
        cv::Mat out;
        backgroundFor(r, out);
        return out;
    }

    // Pixels of `r` whose plate pixel (and the interpolation around it) lies outside the plate.
    cv::Mat outsidePlate(const cv::Rect& r) const {
        if (!plateTexture) return {};
        const int sx = int(std::ceil(std::abs(alignment.shift.x))) + 2;
        const int sy = int(std::ceil(std::abs(alignment.shift.y))) + 2;
        const cv::Rect covered(sx, sy, background.cols - 2 * sx, background.rows - 2 * sy);
        if ((r & covered) == r) return {};
        cv::Mat out(r.size(), CV_8UC1, cv::Scalar(255));
        const cv::Rect inside = (r & covered) - r.tl();
        if (!inside.empty()) out(inside).setTo(0);
        return out;
    }
};

// Noise of (shot - background) from background tiles near the piece (sub-pixel aligned, so the
// velvet's misregistration counts as it will in the matte).
cv::Vec3f noiseNearPiece(const Setting& s, const TilePlan& plan, const cv::Mat& shot, const cv::Mat& bg,
                         const PlateAlignment& alignment) {
    const cv::Point centre = (plan.pieceBox.tl() + plan.pieceBox.br()) / 2;
    std::vector<std::pair<double, cv::Rect>> byDistance;
    for (const Tile& t : plan.tiles)
        if (t.kind == TileKind::Background) {
            const cv::Point c = (t.core.tl() + t.core.br()) / 2;
            byDistance.push_back({cv::norm(c - centre), t.core});
        }
    std::sort(byDistance.begin(), byDistance.end(), [](auto& a, auto& b) { return a.first < b.first; });
    cv::Mat residuals;
    for (size_t i = 0; i < byDistance.size() && i < 6; ++i) {
        const cv::Rect r = byDistance[i].second;
        cv::Mat b = s.plateTexture ? alignedPlate(bg, alignment, r) : bg(r);
        cv::Mat d = shot(r) - b;
        residuals.push_back(d.reshape(3, 1).t());
    }
    if (residuals.empty()) {
        // The piece fills the frame: fall back to the whole frame, robustly.
        const cv::Rect all(0, 0, shot.cols, shot.rows);
        cv::Mat b = s.plateTexture ? alignedPlate(bg, alignment, all) : bg;
        return residualNoiseSigma(shot - b, cv::Mat());
    }
    return residualNoiseSigma(residuals, cv::Mat());
}

// Results filled tile by tile. Alpha and colour start as zero frames that cost nothing where
// they stay zero (zero_image.hpp): background tiles leave them alone, so only the piece's tiles
// are ever materialised. Every tile writes its own confidence (when asked for), in parallel.
// The review masks cover only the piece's box (every solved tile lies inside it).
struct Canvas {
    cv::Mat alpha, foreground, confidence;
    cv::Rect box;
    cv::Mat reflections, lowContrast, judgedOutline;  // box-sized
    float leastSetLight = 1.0f;        // the darkest the piece's shadow made the set, over the tiles
    std::mutex leastSetLightLock;
    Canvas(cv::Size size, cv::Rect pieceBox, bool withConfidence)
        : alpha(zeroImage(size, CV_32FC1)),
          foreground(zeroImage(size, CV_32FC3)),
          confidence(withConfidence ? cv::Mat(size, CV_32FC1) : cv::Mat()),
          box(pieceBox),
          reflections(cv::Mat::zeros(pieceBox.size(), CV_8UC1)),
          lowContrast(cv::Mat::zeros(pieceBox.size(), CV_8UC1)),
          judgedOutline(cv::Mat::zeros(pieceBox.size(), CV_8UC1)) {}
    cv::Rect inBox(const cv::Rect& r) const { return r - box.tl(); }
    void setConfidence(const cv::Rect& r, float value) {
        if (!confidence.empty()) confidence(r).setTo(value);
    }
    void copyConfidence(const cv::Mat& from, const cv::Rect& r) {
        if (!confidence.empty()) from.copyTo(confidence(r));
    }
    void sawSetLight(float light) {
        std::lock_guard<std::mutex> hold(leastSetLightLock);
        leastSetLight = std::min(leastSetLight, light);
    }
};

// Each worker keeps its tile-sized plates from tile to tile: no allocation per tile.
struct TileBuffers {
    cv::Mat background, backlitPlate;
};

void solveTile(const Setting& s, const Tile& tile, Canvas& canvas, TileBuffers& buffers) {
    const cv::Size frame = s.in.shot.size();
    if (tile.kind == TileKind::Background) {  // alpha and colour stay zero
        canvas.setConfidence(tile.core, 1.0f);
        return;
    }
    if (tile.kind == TileKind::Solid) {
        canvas.alpha(tile.core).setTo(1.0f);
        s.in.shot(tile.core).copyTo(canvas.foreground(tile.core));
        canvas.setConfidence(tile.core, 1.0f);
        return;
    }
    // The rest of the core, beyond the halo from the piece, is the set: as a background tile.
    const cv::Rect core = tile.solve;
    if (core != tile.core) canvas.setConfidence(tile.core, 1.0f);
    const cv::Rect outer = cv::Rect(core.x - s.halo, core.y - s.halo, core.width + 2 * s.halo,
                                    core.height + 2 * s.halo) &
                           cv::Rect(0, 0, frame.width, frame.height);
    const cv::Rect inner(core.tl() - outer.tl(), core.size());
    s.backgroundFor(outer, buffers.background);
    const cv::Mat& background = buffers.background;
    if (!s.in.backlitShot.empty()) {
        alignedPlate(s.in.backlitPlate, s.backlitAlignment, outer, buffers.backlitPlate);
        DualMatte d = solveDual(s.in.shot(outer), background, s.in.backlitShot(outer), buffers.backlitPlate,
                                s.sigma, s.backlitSigma, s.params, s.frontLightRatio);
        d.alpha(inner).copyTo(canvas.alpha(core));
        d.foreground(inner).copyTo(canvas.foreground(core));
        canvas.copyConfidence(d.confidence(inner), core);
        d.spill(inner).copyTo(canvas.lowContrast(canvas.inBox(core)));
        return;
    }
    SingleShotMatte m = solveSingleShot(s.in.shot(outer),
                                        KnownBackground{background, s.sigma, s.plateTexture, s.outsidePlate(outer)},
                                        s.params);
    m.alpha(inner).copyTo(canvas.alpha(core));
    m.foreground(inner).copyTo(canvas.foreground(core));
    canvas.copyConfidence(m.confidence(inner), core);
    m.reflections(inner).copyTo(canvas.reflections(canvas.inBox(core)));
    m.lowContrast(inner).copyTo(canvas.lowContrast(canvas.inBox(core)));
    m.judgedOutline(inner).copyTo(canvas.judgedOutline(canvas.inBox(core)));
    if (m.leastSetLight < 1.0f) canvas.sawSetLight(m.leastSetLight);
}

// Where polished metal mirrors the set in nearly the set's own colour (silver on black velvet),
// its outline cannot be measured against the plate and is taken as metal: a judgement. When
// that is a real share of the outline (8 % or more; gold and rose mirrors are tinted and stay
// under 5 % on the rendered scenes, silver ones run 10-20 %), the photographer should know, and
// that the backlit dual capture measures it. Empty when there is nothing to say.
std::string judgedOutlineNote(const cv::Mat& judged, const cv::Mat& alphaInBox, SurfaceKind surface) {
    constexpr double kWorthSaying = 0.08;
    constexpr int kLeastPixels = 100;
    const int judgedPx = cv::countNonZero(judged);
    const int measuredPx = cv::countNonZero((alphaInBox > 0.0f) & (alphaInBox < 1.0f));
    if (judgedPx < kLeastPixels || judgedPx < kWorthSaying * (judgedPx + measuredPx)) return {};
    const int share = int(std::lround(100.0 * judgedPx / (judgedPx + measuredPx)));
    return "polished metal mirrors the " + std::string(surface == SurfaceKind::Acrylic ? "acrylic" : "velvet") +
           " in nearly its own colour along " + std::to_string(share) + " % of the outline (" +
           std::to_string(judgedPx) +
           " px): the edge there is judged (kept as metal), not measured; a backlit dual capture "
           "(profile backlit-dual) measures it";
}

// Solves every tile, the expensive edge tiles first so the two cores finish together.
void solveTiles(const Setting& s, const TilePlan& plan, Canvas& canvas) {
    std::vector<size_t> order(plan.tiles.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_partition(order.begin(), order.end(), [&](size_t i) { return plan.tiles[i].kind == TileKind::Edge; });
    cv::parallel_for_(cv::Range(0, int(order.size())), [&](const cv::Range& r) {
        thread_local TileBuffers buffers;
        for (int i = r.start; i < r.end; ++i) solveTile(s, plan.tiles[order[i]], canvas, buffers);
    });
}

// Background the piece surrounds (holes, gaps), not reachable from the edge of `alpha`.
cv::Mat enclosedBackground(const cv::Mat& alpha) {
    cv::Mat open = alpha <= 0.0f, labels;
    const int n = cv::connectedComponents(open, labels, 4, CV_32S);
    std::vector<uchar> outside(n, 0);
    for (int x = 0; x < labels.cols; ++x) outside[labels.at<int>(0, x)] = outside[labels.at<int>(labels.rows - 1, x)] = 1;
    for (int y = 0; y < labels.rows; ++y) outside[labels.at<int>(y, 0)] = outside[labels.at<int>(y, labels.cols - 1)] = 1;
    cv::Mat enclosed = cv::Mat::zeros(alpha.size(), CV_8UC1);
    for (int y = 0; y < labels.rows; ++y) {
        const int* l = labels.ptr<int>(y);
        uchar* e = enclosed.ptr<uchar>(y);
        for (int x = 0; x < labels.cols; ++x)
            if (l[x] && !outside[l[x]]) e[x] = 255;
    }
    return enclosed;
}

}  // namespace

CutoutResult makeCutout(const CutoutInputs& in, const CutoutParams& params) {
    requireInputs(in);
    CutoutResult result;
    StageClock clock(result.timingsMs);
    const bool dual = !in.backlitShot.empty();

    Setting s(in, params);
    // Room for every neighbourhood the matte looks at (soft edges, windows, distances).
    s.halo = 2 * params.edgeBandPx + 16;
    if (!in.plate.empty()) {
        s.background = in.plate;
        s.alignment = measurePlateAlignment(in.shot, in.plate);
        result.plate = s.alignment;
        result.method = dual ? "dual" : "clean-plate";
    } else {
        s.background = modelBackgroundFromFrame(in.shot).colour;
        s.plateTexture = false;
        result.method = "frame-model";
        result.notes.push_back(
            "no clean plate: the background was modelled from the frame, so holes cannot be told from "
            "reflections of the velvet; shoot a clean plate of the empty set for a measured matte");
    }
    clock.lap(s.plateTexture ? "align plate" : "model background");

    TilePlan plan = planTiles(in.shot, s.background, s.alignment.shift, s.alignment.gain, kTileSize, s.halo);
    if (dual) {
        // A transmitting stone barely differs from the front plate but blocks part of the backlight.
        s.backlitAlignment = s.alignment;
        s.backlitAlignment.gain = measurePlateGain(in.backlitShot, in.backlitPlate, s.alignment.shift);
        TilePlan backlit = planTiles(in.backlitShot, in.backlitPlate, s.alignment.shift, s.backlitAlignment.gain,
                                     kTileSize, s.halo);
        for (size_t i = 0; i < plan.tiles.size(); ++i) {
            // Dual solves every tile with anything in it: a stone is "solid" in front light.
            if (plan.tiles[i].kind != TileKind::Background || backlit.tiles[i].kind != TileKind::Background) {
                plan.tiles[i].kind = TileKind::Edge;
                plan.tiles[i].solve |= backlit.tiles[i].solve;
            }
        }
        plan.pieceBox |= backlit.pieceBox;
    }
    clock.lap("find piece");
    if (plan.pieceBox.empty()) {
        result.notes.push_back("no piece found: the shot matches the background everywhere");
        result.alpha = zeroImage(in.shot.size(), CV_32FC1);
        result.foreground = zeroImage(in.shot.size(), CV_32FC3);
        if (params.confidenceMap) result.confidence = cv::Mat(in.shot.size(), CV_32FC1, cv::Scalar(1.0f));
        return result;
    }

    // No background is quieter than its file's quantisation: a set clipped to pure black (a
    // masked product photo, a JPEG) measures no noise, and then every compression ripple beside
    // the piece was "not the background" and filled (real ring photos: 5-19 % of their pure
    // black pixels came out opaque, in a fat blob round the ring).
    auto atLeastOneCode = [&](cv::Vec3f sigma) {
        for (int k = 0; k < 3; ++k) sigma[k] = std::max(sigma[k], in.codeAtBlack);
        return sigma;
    };
    auto frontNoise = [&] {
        s.sigma = atLeastOneCode(noiseNearPiece(s, plan, in.shot, s.background, s.alignment));
    };
    if (dual) {
        bothAtOnce(frontNoise,
                   [&] {
                       s.backlitSigma = atLeastOneCode(
                           noiseNearPiece(s, plan, in.backlitShot, in.backlitPlate, s.backlitAlignment));
                   });
        if (params.frontLightInBacklit >= 0) {
            // Told by the profile: a piece whose every opaque pixel catches spill (filigree)
            // cannot show it.
            s.frontLightRatio = params.frontLightInBacklit;
            result.notes.push_back("dual: front light in the backlit frame taken from the profile (" +
                                   std::to_string(int(std::lround(100 * params.frontLightInBacklit))) + " %)");
        } else {
            s.frontLightRatio = estimateFrontLightRatio(in.shot, in.plate, in.backlitShot, in.backlitPlate,
                                                        std::sqrt(s.sigma.dot(s.sigma)), s.alignment.gain,
                                                        s.backlitAlignment.gain);
        }
        result.frontLightRatio = s.frontLightRatio;
    } else {
        frontNoise();
    }
    clock.lap("noise");

    Canvas canvas(in.shot.size(), plan.pieceBox, params.confidenceMap);
    solveTiles(s, plan, canvas);
    clock.lap(dual ? "triangulate" : "matte");

    if (params.surface == SurfaceKind::Acrylic && !dual) {
        const cv::Rect box = plan.pieceBox;
        cv::Mat signal = luminance(in.shot(box) - s.backgroundFor(box));
        cv::Mat alphaBox = canvas.alpha(box);
        AcrylicReflection mirror = removeAcrylicReflection(alphaBox, signal);
        if (mirror.contactRow >= 0) {
            canvas.foreground(box).setTo(cv::Scalar::all(0), mirror.mirrored);
            result.notes.push_back("acrylic: removed the piece's mirror image below the contact line at row " +
                                   std::to_string(mirror.contactRow + box.y));
        } else {
            result.notes.push_back("acrylic: no mirror image of the piece found below it");
        }
        clock.lap("acrylic mirror");
    }
    if (canvas.leastSetLight < 1.0f) {
        result.notes.push_back("the piece's shadow on the set was measured (the set's light down to " +
                               std::to_string(int(std::lround(100 * canvas.leastSetLight))) +
                               " % beside the piece) and left out of the cutout");
    }
    if (!dual && s.plateTexture) {
        const std::string note = judgedOutlineNote(canvas.judgedOutline, canvas.alpha(plan.pieceBox), params.surface);
        if (!note.empty()) result.notes.push_back(note);
    }
    if (!dual && params.stones == StoneTreatment::Transmit) {
        result.notes.push_back(
            "stones: 'transmit' needs a backlit dual capture; kept them opaque ('preserve') for this single shot");
    }

    // Review regions: what the cutout judged rather than measured.
    // Masks over the piece's box only: the rest of the frame is background by construction.
    const cv::Rect box = plan.pieceBox;
    std::vector<ReviewRegion> edges, judged;
    bothAtOnce(
        [&] {
            edges = reviewRegionsFrom(canvas.lowContrast,
                                      dual ? "backlight spill on the metal rim: alpha taken from the front-lit shot"
                                           : "soft edge with little contrast against the background: check the outline",
                                      box.tl());
        },
        [&] {
            // On smooth acrylic the piece's shadow cannot be told from such a mirror (no fibres
            // to follow): say so where it could be either.
            if (s.plateTexture)
                judged = reviewRegionsFrom(canvas.reflections,
                                           params.surface == SurfaceKind::Acrylic
                                               ? "dark area kept opaque: polished metal mirroring the set, or the piece's "
                                                 "shadow on the acrylic (a smooth set cannot tell): check it"
                                               : "dark polished metal mirroring the background, kept opaque: check it is "
                                                 "not a hole",
                                           box.tl());
            else
                judged = reviewRegionsFrom(enclosedBackground(canvas.alpha(box)),
                                           "left open as a hole: it could be metal mirroring the velvet (no clean plate "
                                           "to decide)",
                                           box.tl());
        });
    result.review = edges;
    result.review.insert(result.review.end(), judged.begin(), judged.end());
    rankReviewRegions(result.review);

    result.alpha = canvas.alpha;
    result.foreground = canvas.foreground;
    result.confidence = canvas.confidence;
    // Alpha is zero outside the piece's box: sum the box, not the frame's untouched pages.
    result.coverage = cv::sum(result.alpha(box))[0] / double(result.alpha.total());
    clock.lap("assemble");
    return result;
}

}  // namespace facet
