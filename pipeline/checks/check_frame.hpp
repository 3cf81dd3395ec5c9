#pragma once
// One frame made ready for the checks: reduced to the analysis resolution once, with the matte
// turned into the masks every check needs. A LiveChecks object keeps one CheckFrame and calls
// prepare() on every live frame, so its buffers are reused instead of allocated per frame.
#include <opencv2/core.hpp>

#include <array>

namespace facet::checks {

struct CheckInput {
    cv::Mat frame;   // CV_8UC3 sRGB as the camera sends live view, or CV_32FC3 linear (a capture)
    cv::Mat matte;   // the current matte: CV_8UC1 0..255 (PreviewMatte) or CV_32FC1 0..1 (makeCutout)
    cv::Mat plate;   // optional clean plate: same size as frame, CV_8UC3 or CV_32FC3
    double captureScale = 1;  // capture px per frame px (live view of a 6000 px camera: ~5.9)
    double pxPerMm = 0;       // scale calibration in capture px per mm; 0 = not calibrated
};

// Validates a CheckInput (types, equal sizes); throws cv::Exception naming what is wrong.
void requireValidInput(const CheckInput& in);

// Linear value of an 8-bit sRGB code (table, since every live frame goes through it).
const std::array<float, 256>& srgbDecodeTable();

inline float linearLuminance(const cv::Vec3f& bgr) {
    return 0.0722f * bgr[0] + 0.7152f * bgr[1] + 0.2126f * bgr[2];
}

class CheckFrame {
public:
    // Analysis resolution: frames whose long edge is above analysisLongEdgePx are reduced
    // (area average) to it; live view (1024 px) is used as is, without a copy.
    void prepare(const CheckInput& in, int analysisLongEdgePx = 2048);

    cv::Mat bgr8;     // sRGB CV_8UC3 at analysis resolution
    cv::Mat linear;   // CV_32FC3 at analysis resolution when the input was linear; else empty
    cv::Mat luma8;    // sRGB-encoded luma CV_8UC1 (edges and focus are judged as seen), valid in lumaBox
    static constexpr int kLumaMarginPx = 16;
    cv::Rect lumaBox;   // pieceBox grown by kLumaMarginPx (clipped to the frame)
    cv::Mat alpha8;   // matte CV_8UC1 0..255 at analysis resolution
    cv::Mat piece;    // CV_8UC1 255 where alpha8 >= 128
    cv::Rect pieceBox;  // bounding box of `piece` (empty when there is no piece)
    int pieceArea = 0;  // px of `piece`
    cv::Mat plateBgr8, plateLinear;  // the plate at analysis resolution (optional, like the frame)

    cv::Mat fullMatte;          // the input matte at full resolution (a header, not a copy)
    double fullPerAnalysis = 1; // full-resolution px per analysis px
    double captureScale = 1;    // capture px per full-resolution px
    double pxPerMm = 0;

    cv::Size size() const { return bgr8.size(); }
    bool hasPiece() const { return pieceArea > 0; }

    // Linear colour and luminance at a pixel of the analysis image (from whichever form we have).
    cv::Vec3f linearAt(int x, int y) const;
    float luminanceAt(int x, int y) const { return linearLuminance(linearAt(x, y)); }
    // Bilinear linear luminance at a sub-pixel position (clamped to the image).
    float luminanceAt(cv::Point2f p) const;
    // Matte value 0..1 at a sub-pixel position of the analysis image.
    float alphaAt(cv::Point2f p) const;

private:
    cv::Mat scratch_;
    bool bgrBorrowed_ = false, linearBorrowed_ = false, alphaBorrowed_ = false, scratchBorrowed_ = false;
    bool plateBorrowed_ = false, plateLinearBorrowed_ = false;
};

// A view over `box` of a buffer kept at the frame's size: work on a box that moves with the
// piece from frame to frame reuses one allocation instead of one per new box size.
inline cv::Mat boxBuffer(cv::Mat& full, cv::Size frameSize, int type, cv::Rect box) {
    full.create(frameSize, type);
    return full(box);
}

// Sub-pixel lookup of a CV_8UC1 (0..255 -> 0..1) or CV_32FC1 image, clamped at the border.
float sampleBilinear(const cv::Mat& img, cv::Point2f p);

}  // namespace facet::checks
