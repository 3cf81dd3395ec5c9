#include "pipeline/acrylic_reflection.hpp"

#include "pipeline/image.hpp"

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace facet {

namespace {

struct MirrorMatch {
    double overlap = 0;      // IoU of the flipped piece with the matte below the line
    double correlation = 1;  // of the light above and below, pixel for pixel, where both are piece
                             // (1 when the piece's light is too even above to have a pattern)
};

// IoU of rows [row - h, row) flipped onto [row, row + h) within the piece's columns, counted
// only when the lower side is clearly dimmer than the upper (a mirror in acrylic returns a
// fraction of the light; a piece that is merely symmetric, like a ring about its centre, is not).
// And how well the light below follows the light above: a mirror returns the piece's own
// highlights, flipped; a shaded lower half of a symmetric piece does not (two gold bands lying
// one over the other in a real photo: correlation -0.04, against 0.21 and up for the rendered
// reflections over 7 seeds).
MirrorMatch mirrorMatch(const cv::Mat& mask, const cv::Mat& signal, int row, const cv::Rect& box) {
    MirrorMatch m;
    const int h = std::min(row - box.y, mask.rows - row);
    if (h < 4) return m;
    long inter = 0, uni = 0;
    double lightAbove = 0, lightBelow = 0, aboveSq = 0, belowSq = 0, product = 0, sumA = 0, sumB = 0;
    long paired = 0;
    constexpr int kOffTheLine = 6;
    for (int i = 0; i < h; i += 2) {
        const uchar* above = mask.ptr<uchar>(row - 1 - i);
        const uchar* below = mask.ptr<uchar>(row + i);
        const float* sa = signal.ptr<float>(row - 1 - i);
        const float* sb = signal.ptr<float>(row + i);
        for (int x = box.x; x < box.x + box.width; ++x) {
            const bool a = above[x], b = below[x];
            inter += a && b;
            uni += a || b;
            if (!(a && b)) continue;
            lightAbove += sa[x], lightBelow += sb[x];
            // The light's pattern from a few pixels off the line on: right at it, piece and
            // mirror image touch, and the line is known to a pixel or two.
            if (i < kOffTheLine) continue;
            ++paired;
            sumA += sa[x], sumB += sb[x];
            aboveSq += double(sa[x]) * sa[x], belowSq += double(sb[x]) * sb[x], product += double(sa[x]) * sb[x];
        }
    }
    if (!uni || lightBelow > 0.6 * lightAbove) return m;
    m.overlap = double(inter) / double(uni);
    if (paired > 1) {
        const double n = double(paired), meanA = sumA / n, meanB = sumB / n;
        const double varA = aboveSq / n - meanA * meanA, varB = belowSq / n - meanB * meanB;
        // A pattern to follow: the light above varies by a tenth of its level or more.
        constexpr double kPattern = 0.1;
        if (varA > kPattern * kPattern * meanA * meanA)
            m.correlation = varB > 0 ? (product / n - meanA * meanB) / std::sqrt(varA * varB) : 0.0;
    }
    return m;
}

}  // namespace

AcrylicReflection removeAcrylicReflection(cv::Mat& alpha, const cv::Mat& signal) {
    CV_Assert(isAlpha(alpha) && isAlpha(signal) && signal.size() == alpha.size());
    AcrylicReflection out;
    cv::Mat mask = alpha > 0.3f;
    const cv::Rect box = cv::boundingRect(mask);
    if (box.height < 16) return out;
    // The contact line lies in the lower part of what looks like the piece (piece + mirror).
    double correlation = 0;
    for (int row = box.y + box.height / 3; row < box.y + box.height - 4; ++row) {
        const MirrorMatch m = mirrorMatch(mask, signal, row, box);
        if (m.overlap > out.match) {
            out.match = m.overlap;
            out.contactRow = row;
            correlation = m.correlation;
        }
    }
    // A weak match is not a mirror, nor a lower half whose light does not follow the upper's:
    // leave the matte alone.
    constexpr double kLeastOverlap = 0.35, kLeastCorrelation = 0.1;
    if (out.match < kLeastOverlap || correlation < kLeastCorrelation) {
        out.contactRow = -1;
        return out;
    }
    // Clear what the flipped piece covers below the line (dilated: the reflection is blurred
    // and the line is known to a pixel or two).
    cv::Mat flipped = cv::Mat::zeros(mask.size(), CV_8UC1);
    const int row = out.contactRow;
    for (int i = 0; row + i < mask.rows && row - 1 - i >= 0; ++i)
        mask.row(row - 1 - i).copyTo(flipped.row(row + i));
    cv::dilate(flipped, flipped, cv::getStructuringElement(cv::MORPH_ELLIPSE, {7, 7}));
    flipped.rowRange(0, row).setTo(0);
    // Below the line, everything inside the flipped outline is reflection, including its
    // faint tail: clear also alpha the projection gave to the fading mirror image.
    out.mirrored = flipped;
    alpha.setTo(0.0f, flipped);
    return out;
}

}  // namespace facet
