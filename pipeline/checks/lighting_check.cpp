#include "pipeline/checks/lighting_check.hpp"

#include "pipeline/checks/colour_difference.hpp"
#include "pipeline/srgb.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace facet::checks {

namespace {

// Light falling off across the velvet: brightest / darkest cell, and a plane fit to tell the
// direction the light comes from.
void measureEvenness(const BackgroundStats& bg, LightingResult& r) {
    const std::vector<float> rel = bg.relativeLightness();
    double lo = 1e9, hi = 0;
    double suu = 0, svv = 0, su = 0, sv = 0, sw = 0, suy = 0, svy = 0, sy = 0;
    int n = 0;
    for (int j = 0; j < bg.gridRows; ++j)
        for (int i = 0; i < bg.gridCols; ++i) {
            const float y = rel[j * bg.gridCols + i];
            if (!std::isfinite(y)) continue;
            lo = std::min(lo, double(y));
            hi = std::max(hi, double(y));
            const double u = (i + 0.5) / bg.gridCols - 0.5, v = (j + 0.5) / bg.gridRows - 0.5;
            su += u; sv += v; suu += u * u; svv += v * v; sy += y; suy += u * y; svy += v * y; sw += 1;
            ++n;
        }
    if (n < 4 || lo <= 0) return;
    r.unevenRatio = hi / lo;
    // Slopes along u and v (cells on a regular grid: the axes are nearly uncorrelated).
    const double bu = (suy - su * sy / sw) / std::max(1e-9, suu - su * su / sw);
    const double bv = (svy - sv * sy / sw) / std::max(1e-9, svv - sv * sv / sw);
    r.brighterSide = sideName({bu, bv});
}

}  // namespace

LightingResult LightingCheck::measure(const CheckFrame& f, const BackgroundStats& bg, const CheckThresholds& t) {
    LightingResult r;
    overlay_.create(f.size(), CV_8UC1);
    overlay_.setTo(0);
    r.overlay = overlay_;
    const auto& decode = srgbDecodeTable();
    std::vector<Finding>& findings = r.findings;

    if (f.hasPiece()) {
        // One pass over the piece's box: a histogram of its encoded luma (for its bright end) and
        // the clipped pixels (any channel at the clip point, soft edges included).
        const cv::Rect box = f.pieceBox;
        const int clipCode = std::clamp(int(std::floor(srgbEncode(float(t.clipLevel)) * 255.0)), 1, 255);
        histogram_.assign(256, 0);
        clipped_ = boxBuffer(clippedFull_, f.size(), CV_8UC1, box);
        clippedPixels_.clear();
        for (int y = 0; y < box.height; ++y) {
            const uchar* c = f.bgr8.ptr<uchar>(y + box.y) + 3 * box.x;
            const uchar* a = f.alpha8.ptr<uchar>(y + box.y) + box.x;
            const uchar* p = f.piece.ptr<uchar>(y + box.y) + box.x;
            const uchar* l = f.luma8.ptr<uchar>(y + box.y) + box.x;
            uchar* out = clipped_.ptr<uchar>(y);
            for (int x = 0; x < box.width; ++x) {
                histogram_[l[x]] += p[x] != 0;
                const bool clip = a[x] > 64 && (c[3 * x] >= clipCode || c[3 * x + 1] >= clipCode || c[3 * x + 2] >= clipCode);
                out[x] = clip ? 255 : 0;
                if (clip) clippedPixels_.emplace_back(x, y);
            }
        }
        const int target = int(std::ceil(0.995 * f.pieceArea));
        int cum = 0, code = 255;
        for (int i = 0; i < 256; ++i) {
            cum += histogram_[i];
            if (cum >= target) { code = i; break; }
        }
        r.pieceHighlight = decode[code];
        if (r.pieceHighlight < t.exposureHighlightMin)
            r.exposureStops = std::log2(std::max(1e-4, r.pieceHighlight) / t.exposureHighlightMin);
        else if (r.pieceHighlight > t.exposureHighlightMax)
            r.exposureStops = std::log2(r.pieceHighlight / t.exposureHighlightMax);

        // Clipped blobs (8-connected), grown from the clipped pixels only: they are few, and a
        // full labelling of the box costs more than everything else here.
        const int glintMax = std::max(t.glintMaxAreaPx, int(t.glintMaxAreaFraction * f.pieceArea));
        int blownArea = 0, largest = 0;
        cv::Point2d largestCentre;
        for (const cv::Point& seed : clippedPixels_) {
            if (clipped_.at<uchar>(seed) != 255) continue;  // already in a blob
            blob_.clear();
            blob_.push_back(seed);
            clipped_.at<uchar>(seed) = 128;
            for (size_t k = 0; k < blob_.size(); ++k) {
                const cv::Point p = blob_[k];
                for (int dy = -1; dy <= 1; ++dy)
                    for (int dx = -1; dx <= 1; ++dx) {
                        const cv::Point q(p.x + dx, p.y + dy);
                        if (q.x < 0 || q.y < 0 || q.x >= box.width || q.y >= box.height) continue;
                        uchar& v = clipped_.at<uchar>(q);
                        if (v == 255) {
                            v = 128;
                            blob_.push_back(q);
                        }
                    }
            }
            const int area = int(blob_.size());
            const bool blown = area > glintMax;
            cv::Point2d sum(0, 0);
            for (const cv::Point& p : blob_) {
                overlay_.at<uchar>(p + box.tl()) = blown ? 255 : 96;
                sum += cv::Point2d(p);
            }
            if (!blown) { ++r.glints; continue; }
            ++r.blownAreas;
            blownArea += area;
            r.blownBoxes.push_back(cv::boundingRect(blob_) + box.tl());
            if (area > largest) {
                largest = area;
                largestCentre = sum * (1.0 / area) + cv::Point2d(box.tl());
            }
        }
        r.blownPercent = 100.0 * blownArea / f.pieceArea;
        if (r.blownAreas > 0) {
            const cv::Point2d centre(box.x + box.width / 2.0, box.y + box.height / 2.0);
            findings.push_back({r.blownPercent >= 100 * t.blownFailFraction ? Verdict::Fail : Verdict::Warn, "blown-metal",
                                "Metal is blown out in " + std::to_string(r.blownAreas) + (r.blownAreas == 1 ? " area" : " areas") +
                                    " (" + formatNumber("%.1f", r.blownPercent) + " % of the piece, largest on the " +
                                    sideName(largestCentre - centre) +
                                    "): lower the key light or the exposure by 1/3 to 2/3 stop, or diffuse the key light."});
        } else if (r.exposureStops > 0) {
            findings.push_back({Verdict::Warn, "highlights-at-clip",
                                "The piece's highlights are at the clip point (" + formatNumber("%.0f", 100 * r.pieceHighlight) +
                                    " %): lower the exposure by about 1/3 stop to keep detail in the metal."});
        }
        if (r.exposureStops < 0) {
            findings.push_back({r.pieceHighlight < t.exposureHighlightFailMin ? Verdict::Fail : Verdict::Warn, "underexposed",
                                "The piece is " + formatNumber("%.1f", -r.exposureStops) + " stops underexposed (its brightest metal is at " +
                                    formatNumber("%.0f", 100 * r.pieceHighlight) +
                                    " % of clipping): open up, lengthen the exposure or raise the key light."});
        }
    }

    if (bg.valid()) {
        r.velvetLuminance = bg.luminance;
        r.crushedPercent = 100.0 * bg.crushedFraction;
        if (r.pieceHighlight > 0) r.velvetToPieceRatio = bg.luminance / r.pieceHighlight;
        const double lightness = bg.lab[0];
        if (f.hasPiece() && r.velvetToPieceRatio > t.velvetLiftedRatio)
            findings.push_back({Verdict::Warn, "lifted-velvet",
                                "The velvet reads grey (L* " + formatNumber("%.0f", lightness) + ", " +
                                    formatNumber("%.0f", 100 * r.velvetToPieceRatio) +
                                    " % of the piece's highlights): keep the lights off the velvet (flag them or raise the "
                                    "piece on a riser) so it falls to black."});
        if (bg.crushedFraction > t.velvetCrushedFraction)
            findings.push_back({Verdict::Warn, "crushed-velvet",
                                formatNumber("%.0f", r.crushedPercent) +
                                    " % of the velvet is pure black: the matte can't see its texture to tell holes from "
                                    "reflections. Give it a little more exposure or light."});
        measureEvenness(bg, r);
        if (r.unevenRatio >= t.unevenWarnRatio)
            findings.push_back({r.unevenRatio >= t.unevenFailRatio ? Verdict::Fail : Verdict::Warn, "uneven-background",
                                "The velvet is uneven: " + formatNumber("%.1f", r.unevenRatio) + "x brighter on the " + r.brighterSide +
                                    " than at its darkest: a light spills onto it from the " + r.brighterSide +
                                    "; flag that light or move it."});
        const double chroma = std::hypot(bg.lab[1], bg.lab[2]);
        r.castSaturation = lightness > 0.5 ? chroma / lightness : 0;
        if (r.castSaturation > t.castWarnSaturation && chroma > 1.0) {
            r.castHue = hueName(bg.lab[1], bg.lab[2]);
            findings.push_back({Verdict::Warn, "colour-cast",
                                "The velvet has a " + r.castHue + " cast (C*/L* " + formatNumber("%.2f", r.castSaturation) +
                                    "): check the white balance and look for coloured spill or a coloured reflector."});
        }
    }
    r.verdict = worstVerdict(findings);
    r.message = joinMessages(findings, f.hasPiece() ? "Exposure and lighting are fine: brightest metal at " +
                                                          formatNumber("%.0f", 100 * r.pieceHighlight) + " % of clipping."
                                                    : "No piece in the frame; the velvet is evenly lit.");
    return r;
}

LightingResult checkLighting(const CheckInput& in, const CheckThresholds& t) {
    CheckFrame frame;
    frame.prepare(in);
    BackgroundMeter meter;
    const BackgroundStats& bg = meter.measure(frame);
    LightingCheck check;
    return check.measure(frame, bg, t);
}

}  // namespace facet::checks
