#include "pipeline/plate_alignment.hpp"

#include "pipeline/image.hpp"
#include "pipeline/plate_shift.hpp"

#include <cmath>

#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <optional>
#include <vector>

namespace facet {

namespace {

// Candidate patches: along the frame border, where a centred piece is least likely to be.
std::vector<cv::Rect> borderPatches(cv::Size size) {
    const int side = std::min({256, size.width / 4, size.height / 4});
    std::vector<cv::Rect> out;
    if (side < 32) {
        out.emplace_back(0, 0, size.width, size.height);
        return out;
    }
    const int m = std::max(4, side / 8);
    const int xs[] = {m, (size.width - side) / 2, size.width - side - m};
    const int ys[] = {m, (size.height - side) / 2, size.height - side - m};
    for (int yi = 0; yi < 3; ++yi)
        for (int xi = 0; xi < 3; ++xi)
            if (!(xi == 1 && yi == 1)) out.emplace_back(xs[xi], ys[yi], side, side);
    return out;
}

// Log luminance removes the exposure drift and evens out the velvet's falloff. `linear` may be
// a half-precision plate: only the patch is converted.
cv::Mat logLuminance(const cv::Mat& linear, const cv::Rect& r) {
    cv::Mat y = luminance(plateRegion(linear, r));
    cv::Mat out;
    cv::log(cv::max(y, 1e-5), out);
    return out;
}

// Phase correlation's sub-pixel peak is biased towards whole pixels; a few Gauss-Newton
// steps on the patch itself (brightness-normalised) take the shift to a few hundredths.
cv::Point2d refineShift(const cv::Mat& shot, const cv::Mat& plate, const cv::Rect& r, cv::Point2d shift) {
    const int pad = 6;
    const cv::Rect inner = r & cv::Rect(pad, pad, shot.cols - 2 * pad, shot.rows - 2 * pad);
    if (inner.width < 16 || inner.height < 16) return shift;
    // Luminance of just this patch (and the plate around it): never of the whole 24 MP frame.
    const cv::Mat s = luminance(shot(inner));
    const cv::Rect around = cv::Rect(inner.x - 12, inner.y - 12, inner.width + 24, inner.height + 24) &
                            cv::Rect(0, 0, plate.cols, plate.rows);
    const cv::Mat plateLum = luminance(plateRegion(plate, around));
    const double sMean = cv::mean(s)[0];
    for (int iter = 0; iter < 4; ++iter) {
        cv::Mat warped;
        cv::Matx23d m(1, 0, inner.x - around.x - shift.x, 0, 1, inner.y - around.y - shift.y);
        cv::warpAffine(plateLum, warped, m, inner.size(), cv::INTER_CUBIC | cv::WARP_INVERSE_MAP, cv::BORDER_REFLECT);
        const double pMean = cv::mean(warped)[0];
        if (pMean <= 0) break;
        warped *= sMean / pMean;
        cv::Mat gx, gy;
        cv::Sobel(warped, gx, CV_32F, 1, 0, 3, 1.0 / 8);
        cv::Sobel(warped, gy, CV_32F, 0, 1, 3, 1.0 / 8);
        cv::Mat res = s - warped;
        const double a = gx.dot(gx), b = gx.dot(gy), c = gy.dot(gy);
        const double rx = gx.dot(res), ry = gy.dot(res);
        const double det = a * c - b * b;
        if (det <= 1e-20) break;
        // S(x) ~ P(x - s): d/ds of the warped plate is minus its gradient.
        const cv::Point2d step((c * rx - b * ry) / det, (a * ry - b * rx) / det);
        shift -= step;
        if (std::abs(step.x) + std::abs(step.y) < 0.005) break;
    }
    return shift;
}

}  // namespace

PlateAlignment measurePlateAlignment(const cv::Mat& shot, const cv::Mat& plate) {
    CV_Assert(isLinearColour(shot) && isLinearPlate(plate) && shot.size() == plate.size());
    PlateAlignment a;
    struct Vote {
        cv::Point2d shift;
        double response;
    };
    // The patches are independent: measured on both cores, then taken in patch order.
    const std::vector<cv::Rect> patches = borderPatches(shot.size());
    std::vector<std::optional<Vote>> perPatch(patches.size());
    cv::parallel_for_(cv::Range(0, int(patches.size())), [&](const cv::Range& range) {
        for (int i = range.start; i < range.end; ++i) {
            const cv::Rect& r = patches[i];
            cv::Mat s = logLuminance(shot, r), p = logLuminance(plate, r);
            // A patch the piece reaches into differs a lot from the plate: skip it.
            if (cv::norm(s, p, cv::NORM_L1) / r.area() > 0.5) continue;
            cv::Mat window;
            cv::createHanningWindow(window, r.size(), CV_32F);
            double response = 0;
            cv::Point2d shift = cv::phaseCorrelate(p, s, window, &response);
            perPatch[i] = Vote{refineShift(shot, plate, r, shift), response};
        }
    });
    std::vector<Vote> votes;
    for (const auto& v : perPatch)
        if (v) votes.push_back(*v);
    if (!votes.empty()) {
        // The median of the confident votes: robust to a patch that caught the piece.
        std::sort(votes.begin(), votes.end(), [](auto& l, auto& r) { return l.response > r.response; });
        votes.resize(std::max<size_t>(1, (votes.size() + 1) / 2));
        std::vector<double> xs, ys;
        for (auto& v : votes) xs.push_back(v.shift.x), ys.push_back(v.shift.y);
        std::nth_element(xs.begin(), xs.begin() + xs.size() / 2, xs.end());
        std::nth_element(ys.begin(), ys.begin() + ys.size() / 2, ys.end());
        a.shift = {xs[xs.size() / 2], ys[ys.size() / 2]};
        if (std::abs(a.shift.x) > 8 || std::abs(a.shift.y) > 8) a.shift = {0, 0};  // not a camera nudge
    }

    a.gain = measurePlateGain(shot, plate, a.shift);
    return a;
}


double measurePlateGain(const cv::Mat& shot, const cv::Mat& plate, cv::Point2d shift) {
    CV_Assert(isLinearColour(shot) && isLinearPlate(plate) && shot.size() == plate.size());
    // Gain: median of shot/plate luminance over sampled background-looking pixels.
    std::vector<float> ratios;
    std::vector<cv::Vec3f> scratch;
    const int step = std::max(1, int(std::sqrt(double(shot.total()) / 40000.0)));
    for (int y = 8; y < shot.rows - 8; y += step) {
        const cv::Vec3f* s = shot.ptr<cv::Vec3f>(y);
        const cv::Vec3f* p = plateRow(plate, std::clamp(int(y - shift.y + 0.5), 0, shot.rows - 1), scratch);
        for (int x = 8; x < shot.cols - 8; x += step) {
            const int px = std::clamp(int(x - shift.x + 0.5), 0, shot.cols - 1);
            const float ls = s[x][0] + s[x][1] + s[x][2], lp = p[px][0] + p[px][1] + p[px][2];
            if (lp > 1e-5f) ratios.push_back(ls / lp);
        }
    }
    if (!ratios.empty()) {
        // The background is the dominant mode of the ratios; the piece sits in the tails.
        // Median, then the median of the ratios near it, twice, homes in on that mode.
        std::sort(ratios.begin(), ratios.end());
        double m = ratios[ratios.size() / 2];
        for (int pass = 0; pass < 2; ++pass) {
            auto lo = std::lower_bound(ratios.begin(), ratios.end(), float(m * 0.75));
            auto hi = std::upper_bound(ratios.begin(), ratios.end(), float(m * 1.25));
            if (hi - lo < 16) break;
            m = *(lo + (hi - lo) / 2);
        }
        return (m > 0.2 && m < 5) ? m : 1.0;
    }
    return 1.0;
}

cv::Mat alignedPlate(const cv::Mat& plate, const PlateAlignment& alignment, const cv::Rect& roi) {
    cv::Mat out;
    alignedPlate(plate, alignment, roi, out);
    return out;
}

void alignedPlate(const cv::Mat& plate, const PlateAlignment& alignment, const cv::Rect& roi, cv::Mat& out) {
    CV_Assert(isLinearPlate(plate));
    // Shot pixel (x, y) sees plate pixel (x - dx, y - dy): cv::warpAffine's INTER_CUBIC with
    // BORDER_REFLECT, value for value (see plate_shift.hpp), a few times faster.
    const double x0 = roi.x - alignment.shift.x, y0 = roi.y - alignment.shift.y;
    if (plate.type() == CV_32FC3) {
        shiftBicubic(plate, x0, y0, float(alignment.gain), roi.size(), out);
        return;
    }
    // A half-precision plate: the part the bicubic taps reach (two pixels round), in float.
    // Cut at the plate's own edges only, so the reflection there is the same.
    const int left = int(std::floor(x0)) - 2, top = int(std::floor(y0)) - 2;
    const cv::Rect frame(0, 0, plate.cols, plate.rows);
    cv::Rect reach = cv::Rect(left, top, roi.width + 5, roi.height + 5) & frame;
    if (reach.width < 4 || reach.height < 4) reach = frame;  // far outside: reflect the whole plate
    shiftBicubic(plateRegion(plate, reach), x0 - reach.x, y0 - reach.y, float(alignment.gain), roi.size(), out);
}

}  // namespace facet
