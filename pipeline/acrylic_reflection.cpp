#include "pipeline/acrylic_reflection.hpp"

#include "pipeline/image.hpp"

#include <opencv2/imgproc.hpp>

namespace facet {

namespace {

// IoU of rows [row - h, row) flipped onto [row, row + h) within the piece's columns, counted
// only when the lower side is clearly dimmer than the upper (a mirror in acrylic returns a
// fraction of the light; a piece that is merely symmetric, like a ring about its centre, is not).
double mirrorMatch(const cv::Mat& mask, const cv::Mat& signal, int row, const cv::Rect& box) {
    const int h = std::min(row - box.y, mask.rows - row);
    if (h < 4) return 0;
    long inter = 0, uni = 0;
    double lightAbove = 0, lightBelow = 0;
    for (int i = 0; i < h; i += 2) {
        const uchar* above = mask.ptr<uchar>(row - 1 - i);
        const uchar* below = mask.ptr<uchar>(row + i);
        const float* sa = signal.ptr<float>(row - 1 - i);
        const float* sb = signal.ptr<float>(row + i);
        for (int x = box.x; x < box.x + box.width; ++x) {
            const bool a = above[x], b = below[x];
            inter += a && b;
            uni += a || b;
            if (a && b) lightAbove += sa[x], lightBelow += sb[x];
        }
    }
    if (!uni || lightBelow > 0.6 * lightAbove) return 0;
    return double(inter) / double(uni);
}

}  // namespace

AcrylicReflection removeAcrylicReflection(cv::Mat& alpha, const cv::Mat& signal) {
    CV_Assert(isAlpha(alpha) && isAlpha(signal) && signal.size() == alpha.size());
    AcrylicReflection out;
    cv::Mat mask = alpha > 0.3f;
    const cv::Rect box = cv::boundingRect(mask);
    if (box.height < 16) return out;
    // The contact line lies in the lower part of what looks like the piece (piece + mirror).
    for (int row = box.y + box.height / 3; row < box.y + box.height - 4; ++row) {
        const double m = mirrorMatch(mask, signal, row, box);
        if (m > out.match) {
            out.match = m;
            out.contactRow = row;
        }
    }
    // A weak match is not a mirror: leave the matte alone.
    if (out.match < 0.35) {
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
