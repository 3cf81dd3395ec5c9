#pragma once
// The live-view matte: every frame (1024x680 8-bit, as cameras send it) against the plate,
// in a few milliseconds. Coarser than the cutout: alpha is the pixel's linear-light distance
// from the background, scaled by the piece's typical contrast in this frame (no reflection
// test, no foreground solve). Good for the checks and the overlay. Buffers are reused.
#include <opencv2/core.hpp>

#include <cstdint>
#include <vector>

namespace facet {

class PreviewMatte {
public:
    // frame: CV_8UC3 sRGB (BGR). plate: CV_8UC3 sRGB of the same size, or empty: then the
    // background is taken as the frame's own dark level (velvet). Returns CV_8UC1 alpha
    // 0..255, valid until the next call.
    const cv::Mat& compute(const cv::Mat& frame, const cv::Mat& plate);

    // What the last frame measured, in linear units x 65535 summed over channels.
    int noiseLevel() const { return noise_; }
    int pieceLevel() const { return piece_; }

private:
    void preparePlate(const cv::Mat& plate);
    void darkLevelBackground(const cv::Mat& frame);

    cv::Mat alpha_;
    cv::Mat difference_;            // CV_16UC1: sum over channels of |C - B|, linear x 65535
    std::vector<uint16_t> plateLinear_;
    const uchar* plateData_ = nullptr;  // which plate plateLinear_ was made from
    cv::Size plateSize_;
    bool plateIsConstant_ = false;
    std::vector<uint32_t> histogram_;
    std::vector<uchar> ramp_;           // difference -> alpha, rebuilt per frame
    int noise_ = 0, piece_ = 0;
};

}  // namespace facet
