#pragma once
// The marketplace picture: the piece on pure white (255, 255, 255), cropped and centred so
// its bounding box fills a set share of a square frame (85 % is the usual listing rule), as
// an sRGB JPEG. Composited and resampled in linear light, so soft edges and thin chains keep
// their weight instead of going dark or grey.
#include <opencv2/core.hpp>

#include <string>

namespace facet {

struct MarketplaceOptions {
    int size = 2000;           // frame width and height, px
    double fill = 0.85;        // share of the frame the piece's longer side covers
    double minAlpha = 0.02;    // alpha counted as "the piece" for the bounding box
    int jpegQuality = 92;
};

// Preconditions (InputError): linear CV_32FC3 + CV_32FC1 of one size; size 16..20000;
// fill in (0, 1]; a matte with something in it.
cv::Mat marketplaceImage(const cv::Mat& foregroundLinear, const cv::Mat& alpha, const MarketplaceOptions& options = {});

// The same, written atomically as a JPEG. OutputError when it cannot be written.
void saveMarketplaceJpeg(const std::string& path, const cv::Mat& foregroundLinear, const cv::Mat& alpha,
                         const MarketplaceOptions& options = {});

// An sRGB image written atomically as a JPEG, with Photoshop resources (a clipping path) in
// APP13 when `photoshopResources` is not empty.
void writeJpeg(const std::string& path, const cv::Mat& srgb8, int quality, const std::string& photoshopResources = "");

// The piece cropped and centred in a transparent square frame the same way (its longer side
// `fill` of the frame), resampled premultiplied in linear light: for transparent deliverables.
// With `enlarge` false the frame is made smaller rather than the piece enlarged (enlarging
// invents detail a retoucher would see); marketplace JPEGs enlarge because shops require the size.
struct FramedCutout {
    cv::Mat foreground;  // linear CV_32FC3, straight
    cv::Mat alpha;       // CV_32FC1
};
FramedCutout frameCutout(const cv::Mat& foregroundLinear, const cv::Mat& alpha, const MarketplaceOptions& options,
                         bool enlarge);

// The piece's bounding box (alpha > minAlpha); empty when there is none.
cv::Rect pieceBounds(const cv::Mat& alpha, double minAlpha);

}  // namespace facet
