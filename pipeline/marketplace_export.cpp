#include "pipeline/marketplace_export.hpp"

#include "pipeline/atomic_file.hpp"
#include "pipeline/cutout_export.hpp"
#include "pipeline/errors.hpp"
#include "pipeline/image.hpp"
#include "pipeline/photoshop_path.hpp"
#include "pipeline/srgb.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <functional>

namespace facet {

cv::Rect pieceBounds(const cv::Mat& alpha, double minAlpha) {
    CV_Assert(isAlpha(alpha));
    cv::Mat on = alpha > minAlpha;
    std::vector<cv::Point> pts;
    cv::findNonZero(on, pts);
    return pts.empty() ? cv::Rect() : cv::boundingRect(pts);
}

namespace {

void checkInputs(const cv::Mat& fg, const cv::Mat& alpha, const MarketplaceOptions& o) {
    if (!isLinearColour(fg) || !isAlpha(alpha) || fg.size() != alpha.size())
        throw InputError("marketplace export needs a linear colour image and an alpha of the same size");
    if (o.size < 16 || o.size > 20000)
        throw InputError("marketplace size " + std::to_string(o.size) + " px is out of range (16 to 20000)");
    if (!(o.fill > 0 && o.fill <= 1))
        throw InputError("marketplace fill must be a share between 0 and 1 (e.g. 0.85), not " + std::to_string(o.fill));
}

// `image` (any number of float channels) scaled by `scale` about the box's centre, which
// lands on the centre of a size x size frame (to the sub-pixel); outside is `border`.
// `prepare` turns the shot's pixels in the needed region into `image`'s channels.
cv::Mat placeInFrame(const cv::Mat& fg, const cv::Mat& alpha, cv::Rect box, double scale, int size,
                     const cv::Scalar& border, const std::function<cv::Mat(const cv::Rect&)>& prepare) {
    const double cx = box.x + box.width / 2.0, cy = box.y + box.height / 2.0;  // continuous coords
    const double half = size / (2.0 * scale) + 2;  // source px either side, plus a margin
    const cv::Rect wanted(int(std::floor(cx - half)), int(std::floor(cy - half)), int(std::ceil(2 * half)) + 1,
                          int(std::ceil(2 * half)) + 1);
    // Only what lands in the frame is prepared; beyond the shot is the border.
    const cv::Rect inShot = wanted & cv::Rect(0, 0, fg.cols, fg.rows);
    cv::Mat source;
    cv::copyMakeBorder(prepare(inShot), source, inShot.y - wanted.y, wanted.br().y - inShot.br().y,
                       inShot.x - wanted.x, wanted.br().x - inShot.br().x, cv::BORDER_CONSTANT, border);
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
    cv::Matx23d m(s, 0, s * (0.5 - ccx) + size / 2.0 - 0.5, 0, s, s * (0.5 - ccy) + size / 2.0 - 0.5);
    cv::Mat placed;
    cv::warpAffine(source, placed, m, cv::Size(size, size), interpolation, cv::BORDER_CONSTANT, border);
    return placed;
}

cv::Rect requirePiece(const cv::Mat& alpha, double minAlpha) {
    const cv::Rect box = pieceBounds(alpha, minAlpha);
    if (box.empty()) throw InputError("the matte is empty: there is no piece to put on white");
    return box;
}

}  // namespace

cv::Mat marketplaceImage(const cv::Mat& fg, const cv::Mat& alpha, const MarketplaceOptions& o) {
    checkInputs(fg, alpha, o);
    const cv::Rect box = requirePiece(alpha, o.minAlpha);
    const double scale = o.fill * o.size / std::max(box.width, box.height);
    cv::Mat placed = placeInFrame(fg, alpha, box, scale, o.size, cv::Scalar(1, 1, 1), [&](const cv::Rect& r) {
        return compositeOver(fg(r), alpha(r), cv::Scalar(1, 1, 1));
    });
    return linearToSrgb(placed, CV_8U);  // clamps the cubic's overshoot
}

FramedCutout frameCutout(const cv::Mat& fg, const cv::Mat& alpha, const MarketplaceOptions& options, bool enlarge) {
    MarketplaceOptions o = options;
    checkInputs(fg, alpha, o);
    const cv::Rect box = requirePiece(alpha, o.minAlpha);
    const int longer = std::max(box.width, box.height);
    if (!enlarge && o.fill * o.size > longer) o.size = std::max(16, int(std::ceil(longer / o.fill)));
    const double scale = o.fill * o.size / longer;
    // Premultiplied, so the colour of transparent pixels does not bleed into the edge.
    cv::Mat placed = placeInFrame(fg, alpha, box, scale, o.size, cv::Scalar(0, 0, 0, 0), [&](const cv::Rect& r) {
        cv::Mat premultiplied(r.size(), CV_32FC4);
        for (int y = 0; y < r.height; ++y) {
            const float* f = fg.ptr<float>(r.y + y) + 3 * r.x;
            const float* a = alpha.ptr<float>(r.y + y) + r.x;
            float* p = premultiplied.ptr<float>(y);
            for (int x = 0; x < r.width; ++x) {
                for (int c = 0; c < 3; ++c) p[4 * x + c] = f[3 * x + c] * a[x];
                p[4 * x + 3] = a[x];
            }
        }
        return premultiplied;
    });
    FramedCutout out;
    out.foreground.create(placed.size(), CV_32FC3);
    out.alpha.create(placed.size(), CV_32FC1);
    for (int y = 0; y < placed.rows; ++y) {
        const float* p = placed.ptr<float>(y);
        float* f = out.foreground.ptr<float>(y);
        float* a = out.alpha.ptr<float>(y);
        for (int x = 0; x < placed.cols; ++x) {
            const float al = std::clamp(p[4 * x + 3], 0.0f, 1.0f);
            a[x] = al;
            for (int c = 0; c < 3; ++c) f[3 * x + c] = al > 1e-4f ? std::clamp(p[4 * x + c] / al, 0.0f, 1.0f) : 0.0f;
        }
    }
    return out;
}

void writeJpeg(const std::string& path, const cv::Mat& srgb8, int quality, const std::string& photoshopResources) {
    std::vector<uchar> jpeg;
    if (!cv::imencode(".jpg", srgb8, jpeg, {cv::IMWRITE_JPEG_QUALITY, quality}))
        throw OutputError("cannot write " + path + " (JPEG encoding failed)");
    std::string_view bytes(reinterpret_cast<const char*>(jpeg.data()), jpeg.size());
    writeBytesAtomically(path, photoshopResources.empty() ? std::string(bytes)
                                                          : jpegWithPhotoshopResources(bytes, photoshopResources));
}

void saveMarketplaceJpeg(const std::string& path, const cv::Mat& fg, const cv::Mat& alpha, const MarketplaceOptions& o) {
    writeJpeg(path, marketplaceImage(fg, alpha, o), o.jpegQuality);
}

}  // namespace facet
