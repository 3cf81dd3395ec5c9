#include "pipeline/marketplace_export.hpp"

#include "pipeline/atomic_file.hpp"
#include "pipeline/cutout_export.hpp"
#include "pipeline/errors.hpp"
#include "pipeline/image.hpp"
#include "pipeline/srgb.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>

namespace facet {

cv::Rect pieceBounds(const cv::Mat& alpha, double minAlpha) {
    CV_Assert(isAlpha(alpha));
    cv::Mat on = alpha > minAlpha;
    std::vector<cv::Point> pts;
    cv::findNonZero(on, pts);
    return pts.empty() ? cv::Rect() : cv::boundingRect(pts);
}

cv::Mat marketplaceImage(const cv::Mat& fg, const cv::Mat& alpha, const MarketplaceOptions& o) {
    if (!isLinearColour(fg) || !isAlpha(alpha) || fg.size() != alpha.size())
        throw InputError("marketplace export needs a linear colour image and an alpha of the same size");
    if (o.size < 16 || o.size > 20000)
        throw InputError("marketplace size " + std::to_string(o.size) + " px is out of range (16 to 20000)");
    if (!(o.fill > 0 && o.fill <= 1))
        throw InputError("marketplace fill must be a share between 0 and 1 (e.g. 0.85), not " + std::to_string(o.fill));
    const cv::Rect box = pieceBounds(alpha, o.minAlpha);
    if (box.empty()) throw InputError("the matte is empty: there is no piece to put on white");

    // Scale: the box's longer side becomes `fill` of the frame; the box's centre goes to
    // the frame's centre (to the sub-pixel, via an affine warp).
    const double scale = o.fill * o.size / std::max(box.width, box.height);
    const double cx = box.x + box.width / 2.0, cy = box.y + box.height / 2.0;  // continuous coords
    const double half = o.size / (2.0 * scale) + 2;  // source px either side, plus a margin
    const cv::Rect wanted(int(std::floor(cx - half)), int(std::floor(cy - half)), int(std::ceil(2 * half)) + 1,
                          int(std::ceil(2 * half)) + 1);
    // Composite only what lands in the frame; beyond the shot is white too.
    const cv::Rect inShot = wanted & cv::Rect(0, 0, fg.cols, fg.rows);
    cv::Mat onWhite = compositeOver(fg(inShot), alpha(inShot), cv::Scalar(1, 1, 1));
    cv::Mat source;
    cv::copyMakeBorder(onWhite, source, inShot.y - wanted.y, wanted.br().y - inShot.br().y, inShot.x - wanted.x,
                       wanted.br().x - inShot.br().x, cv::BORDER_CONSTANT, cv::Scalar(1, 1, 1));
    double s = scale, ccx = cx - wanted.x, ccy = cy - wanted.y;
    int interpolation = cv::INTER_CUBIC;
    if (scale < 1) {
        // Shrinking: average the source pixels first (area), then place with a small warp.
        cv::Mat small;
        cv::resize(source, small, cv::Size(), scale, scale, cv::INTER_AREA);
        const double sx = double(small.cols) / source.cols, sy = double(small.rows) / source.rows;
        ccx *= sx;
        ccy *= sy;
        s = scale / sx;
        source = small;
        interpolation = cv::INTER_LINEAR;
    }
    // Pixel centres at +0.5: u + 0.5 = s (x + 0.5 - ccx) + size / 2.
    cv::Matx23d m(s, 0, s * (0.5 - ccx) + o.size / 2.0 - 0.5, 0, s, s * (0.5 - ccy) + o.size / 2.0 - 0.5);
    cv::Mat resized;
    cv::warpAffine(source, resized, m, cv::Size(o.size, o.size), interpolation, cv::BORDER_CONSTANT,
                   cv::Scalar(1, 1, 1));
    return linearToSrgb(resized, CV_8U);  // clamps the cubic's overshoot
}

void saveMarketplaceJpeg(const std::string& path, const cv::Mat& fg, const cv::Mat& alpha, const MarketplaceOptions& o) {
    cv::Mat img = marketplaceImage(fg, alpha, o);
    std::vector<uchar> jpeg;
    if (!cv::imencode(".jpg", img, jpeg, {cv::IMWRITE_JPEG_QUALITY, o.jpegQuality}))
        throw OutputError("cannot write " + path + " (JPEG encoding failed)");
    writeBytesAtomically(path, std::string_view(reinterpret_cast<const char*>(jpeg.data()), jpeg.size()));
}

}  // namespace facet
