#include "pipeline/cutout.hpp"

#include "pipeline/acrylic_reflection.hpp"
#include "pipeline/background_evidence.hpp"
#include "pipeline/dual_matte.hpp"
#include "pipeline/frame_background.hpp"
#include "pipeline/image.hpp"
#include "pipeline/plate_alignment.hpp"
#include "pipeline/review_regions.hpp"
#include "pipeline/single_shot_matte.hpp"

#include <opencv2/imgproc.hpp>

#include <chrono>

namespace facet {

namespace {

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

// Where the piece is, found cheaply at low resolution so the careful work runs only there.
// Returns the region (with a margin) and, at full size, which pixels are far from the piece
// (their residual is the noise model's sample).
cv::Rect findPieceRegion(const cv::Mat& shot, const cv::Mat& background, int marginPx) {
    const int factor = std::max(1, int(std::lround(std::sqrt(double(shot.total()) / 250000.0))));
    cv::Mat s, b;
    cv::resize(shot, s, cv::Size(), 1.0 / factor, 1.0 / factor, cv::INTER_AREA);
    cv::resize(background, b, s.size(), 0, 0, cv::INTER_AREA);
    cv::Mat d = cv::abs(s - b), dn;
    cv::transform(d, dn, cv::Matx13f(1, 1, 1));
    // Noise at this scale, from the frame itself (the piece is a minority of pixels).
    cv::Mat flat = dn.reshape(1, 1).clone();
    cv::Mat sorted;
    cv::sort(flat, sorted, cv::SORT_ASCENDING);
    const float median = sorted.at<float>(0, int(sorted.cols / 2));
    cv::Mat mask = dn > (median * 6.0f + 1e-3f);
    // Dust and single hot pixels do not make a piece.
    cv::morphologyEx(mask, mask, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, {2, 2}));
    if (cv::countNonZero(mask) == 0) return {};
    cv::Rect r = cv::boundingRect(mask);
    r = cv::Rect(r.x * factor, r.y * factor, r.width * factor, r.height * factor);
    r -= cv::Point(marginPx, marginPx);
    r += cv::Size(2 * marginPx, 2 * marginPx);
    return r & cv::Rect(0, 0, shot.cols, shot.rows);
}

// Noise of (shot - background) sampled in the margin of the region, outside the piece.
cv::Vec3f marginNoise(const cv::Mat& residual, int marginPx) {
    cv::Mat border(residual.size(), CV_8UC1, cv::Scalar(255));
    const int m = std::min({marginPx / 2, residual.cols / 4, residual.rows / 4});
    if (m > 2) border(cv::Rect(m, m, residual.cols - 2 * m, residual.rows - 2 * m)).setTo(0);
    return residualNoiseSigma(residual, border);
}

void placeInFrame(CutoutResult& r, const cv::Size& frame, const cv::Rect& roi, const cv::Mat& alpha,
                  const cv::Mat& fg, const cv::Mat& conf) {
    r.alpha = cv::Mat::zeros(frame, CV_32FC1);
    r.foreground = cv::Mat::zeros(frame, CV_32FC3);
    r.confidence = cv::Mat(frame, CV_32FC1, cv::Scalar(1.0f));
    if (roi.empty()) return;
    alpha.copyTo(r.alpha(roi));
    fg.copyTo(r.foreground(roi));
    conf.copyTo(r.confidence(roi));
}

void requireInputs(const CutoutInputs& in) {
    CV_Assert(isLinearColour(in.shot));
    if (!in.plate.empty()) CV_Assert(isLinearColour(in.plate) && in.plate.size() == in.shot.size());
    if (!in.backlitShot.empty()) {
        CV_Assert(!in.plate.empty() && isLinearColour(in.backlitShot) && isLinearColour(in.backlitPlate));
        CV_Assert(in.backlitShot.size() == in.shot.size() && in.backlitPlate.size() == in.shot.size());
    }
}

}  // namespace

CutoutResult makeCutout(const CutoutInputs& in, const CutoutParams& params) {
    requireInputs(in);
    CutoutResult result;
    StageClock clock(result.timingsMs);
    const int margin = 4 * params.edgeBandPx + 24;
    const bool dual = !in.backlitShot.empty();

    // The background behind the piece: the aligned plate, or a model of the frame.
    cv::Rect roi;
    KnownBackground known;
    if (!in.plate.empty()) {
        result.plate = measurePlateAlignment(in.shot, in.plate);
        clock.lap("align plate");
        cv::Mat coarseBg = in.plate * result.plate.gain;
        roi = findPieceRegion(in.shot, coarseBg, margin);
        if (dual) {
            // The backlight blocks show the piece too (transmitting stones barely differ
            // from the front plate, but they block part of the backlight).
            roi |= findPieceRegion(in.backlitShot, in.backlitPlate, margin);
        }
        clock.lap("find piece");
        if (!roi.empty()) {
            known.colour = alignedPlate(in.plate, result.plate, roi);
            known.noiseSigma = marginNoise(in.shot(roi) - known.colour, margin);
            known.hasPlateTexture = true;
        }
        result.method = dual ? "dual" : "clean-plate";
    } else {
        FrameBackground model = modelBackgroundFromFrame(in.shot);
        clock.lap("model background");
        roi = findPieceRegion(in.shot, model.colour, margin);
        if (!roi.empty()) {
            known.colour = model.colour(roi).clone();
            known.noiseSigma = residualNoiseSigma(in.shot(roi) - known.colour, model.usedPixels(roi));
            known.hasPlateTexture = false;
        }
        result.method = "frame-model";
        result.notes.push_back(
            "no clean plate: the background was modelled from the frame, so holes cannot be told from "
            "reflections of the velvet; shoot a clean plate of the empty set for a measured matte");
        clock.lap("find piece");
    }
    if (roi.empty()) {
        result.notes.push_back("no piece found: the shot matches the background everywhere");
        placeInFrame(result, in.shot.size(), roi, {}, {}, {});
        return result;
    }

    cv::Mat alpha, fg, conf, reflections, lowContrast;
    if (dual) {
        // Same camera position as the front plate; its own exposure drift, measured where the
        // backlight shows fully.
        PlateAlignment backlit = result.plate;
        backlit.gain = measurePlateGain(in.backlitShot, in.backlitPlate, backlit.shift);
        cv::Mat backlitPlate = alignedPlate(in.backlitPlate, backlit, roi);
        const cv::Mat c2 = in.backlitShot(roi);
        cv::Vec3f sigma2 = marginNoise(c2 - backlitPlate, margin);
        DualMatte d = solveDual(in.shot(roi), known.colour, c2, backlitPlate, known.noiseSigma, sigma2, params);
        result.frontLightRatio = d.frontLightRatio;
        alpha = d.alpha, fg = d.foreground, conf = d.confidence;
        reflections = cv::Mat::zeros(alpha.size(), CV_8UC1);
        lowContrast = d.spill;
        clock.lap("triangulate");
    } else {
        if (params.stones == StoneTreatment::Transmit)
            result.notes.push_back(
                "stones: 'transmit' needs a backlit dual capture; kept them opaque ('preserve') for this single shot");
        SingleShotMatte s = solveSingleShot(in.shot(roi), known, params);
        alpha = s.alpha, fg = s.foreground, conf = s.confidence;
        reflections = s.reflections, lowContrast = s.lowContrast;
        clock.lap("matte");
    }

    if (params.surface == SurfaceKind::Acrylic) {
        cv::Mat signal = luminance(in.shot(roi) - known.colour);
        AcrylicReflection mirror = removeAcrylicReflection(alpha, signal);
        if (mirror.contactRow >= 0) {
            fg.setTo(cv::Scalar::all(0), mirror.mirrored);
            result.notes.push_back("acrylic: removed the piece's mirror image below the contact line at row " +
                                   std::to_string(mirror.contactRow + roi.y));
        } else {
            result.notes.push_back("acrylic: no mirror image of the piece found below it");
        }
        clock.lap("acrylic mirror");
    }

    // Review regions: what the cutout judged rather than measured.
    auto& review = result.review;
    auto add = [&](const cv::Mat& mask, const std::string& reason) {
        auto r = reviewRegionsFrom(mask, reason, roi.tl());
        review.insert(review.end(), r.begin(), r.end());
    };
    if (dual)
        add(lowContrast, "backlight spill on the metal rim: alpha taken from the front-lit shot");
    else
        add(lowContrast, "soft edge with little contrast against the background: check the outline");
    add(reflections, known.hasPlateTexture
                         ? "dark polished metal mirroring the background, kept opaque: check it is not a hole"
                         : "dark area inside the piece: hole or reflection? (no clean plate to decide)");
    rankReviewRegions(review);

    placeInFrame(result, in.shot.size(), roi, alpha, fg, conf);
    result.coverage = cv::sum(result.alpha)[0] / double(result.alpha.total());
    clock.lap("assemble");
    return result;
}

}  // namespace facet
