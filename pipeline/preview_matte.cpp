#include "pipeline/preview_matte.hpp"

#include "pipeline/srgb.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace facet {

namespace {

// sRGB 8-bit -> linear x 65535 (fits in 16 bits; integer maths keeps the frame loop fast).
const std::array<uint16_t, 256>& linearTable() {
    static const std::array<uint16_t, 256> t = [] {
        std::array<uint16_t, 256> t{};
        for (int i = 0; i < 256; ++i) t[i] = uint16_t(std::lround(srgbDecode(i / 255.0f) * 65535.0f));
        return t;
    }();
    return t;
}

constexpr int kHistBins = 4096;
constexpr int kHistShift = 6;  // difference (0..196605) >> 6 -> bin

int percentileOf(const std::vector<uint32_t>& hist, uint64_t total, double p, int fromBin = 0) {
    uint64_t below = 0;
    for (int i = 0; i < fromBin; ++i) below += hist[i];
    const uint64_t target = below + uint64_t((total - below) * p);
    uint64_t acc = below;
    for (int i = fromBin; i < int(hist.size()); ++i) {
        acc += hist[i];
        if (acc > target) return i;
    }
    return int(hist.size()) - 1;
}

}  // namespace

void PreviewMatte::preparePlate(const cv::Mat& plate) {
    if (plate.data == plateData_ && plate.size() == plateSize_ && !plateIsConstant_) return;
    const auto& lin = linearTable();
    plateLinear_.resize(plate.total() * 3);
    size_t i = 0;
    for (int y = 0; y < plate.rows; ++y) {
        const uchar* p = plate.ptr<uchar>(y);
        for (int x = 0; x < plate.cols * 3; ++x) plateLinear_[i++] = lin[p[x]];
    }
    plateData_ = plate.data;
    plateSize_ = plate.size();
    plateIsConstant_ = false;
}

void PreviewMatte::darkLevelBackground(const cv::Mat& frame) {
    // Velvet fills most of the frame: its level per channel is a low percentile.
    std::array<std::array<uint32_t, 256>, 3> h{};
    for (int y = 0; y < frame.rows; y += 4) {
        const uchar* p = frame.ptr<uchar>(y);
        for (int x = 0; x < frame.cols; x += 4)
            for (int k = 0; k < 3; ++k) h[k][p[3 * x + k]]++;
    }
    const auto& lin = linearTable();
    uint16_t level[3];
    for (int k = 0; k < 3; ++k) {
        uint64_t total = 0, acc = 0;
        for (auto c : h[k]) total += c;
        int v = 0;
        while (v < 255 && (acc += h[k][v]) < total * 3 / 10) ++v;
        level[k] = lin[v];
    }
    plateLinear_.resize(frame.total() * 3);
    for (size_t i = 0; i < frame.total(); ++i)
        for (int k = 0; k < 3; ++k) plateLinear_[3 * i + k] = level[k];
    plateData_ = nullptr;
    plateSize_ = frame.size();
    plateIsConstant_ = true;
}

const cv::Mat& PreviewMatte::compute(const cv::Mat& frame, const cv::Mat& plate) {
    CV_Assert(frame.type() == CV_8UC3);
    CV_Assert(plate.empty() || (plate.type() == CV_8UC3 && plate.size() == frame.size()));
    if (plate.empty())
        darkLevelBackground(frame);
    else
        preparePlate(plate);

    const auto& lin = linearTable();
    difference_.create(frame.size(), CV_16UC1);
    alpha_.create(frame.size(), CV_8UC1);
    histogram_.assign(kHistBins, 0);

    // Pass 1: linear-light distance from the background, and its histogram.
    const uint16_t* b = plateLinear_.data();
    for (int y = 0; y < frame.rows; ++y) {
        const uchar* c = frame.ptr<uchar>(y);
        uint16_t* d = difference_.ptr<uint16_t>(y);
        const uint16_t* by = b + size_t(y) * frame.cols * 3;
        for (int x = 0; x < frame.cols; ++x) {
            const int s = std::abs(int(lin[c[3 * x]]) - by[3 * x]) + std::abs(int(lin[c[3 * x + 1]]) - by[3 * x + 1]) +
                          std::abs(int(lin[c[3 * x + 2]]) - by[3 * x + 2]);
            d[x] = uint16_t(std::min(s, 65535));
        }
        // The levels only need a sample: every other pixel of every other row.
        if (y % 2 == 0)
            for (int x = 0; x < frame.cols; x += 2) histogram_[std::min(kHistBins - 1, d[x] >> kHistShift)]++;
    }

    // Noise: the median difference (the background is most of the frame). The piece's level:
    // the median of what stands clearly above the noise.
    uint64_t total = 0;
    for (uint32_t c : histogram_) total += c;
    const int noiseBin = percentileOf(histogram_, total, 0.5);
    noise_ = (noiseBin + 1) << kHistShift;
    const int pieceFrom = std::min(kHistBins - 1, noiseBin * 6 + 4);
    uint64_t above = 0;
    for (int i = pieceFrom; i < kHistBins; ++i) above += histogram_[i];
    piece_ = above > total / 2000 ? (percentileOf(histogram_, total, 0.3, pieceFrom) + 1) << kHistShift
                                  : noise_ * 20;

    // Pass 2: alpha ramps from three noise levels to half the piece's level.
    const int lo = 3 * noise_;
    const int hi = std::max(lo + 64, piece_ / 2);
    ramp_.resize(65536);
    for (int v = 0; v < 65536; ++v) ramp_[v] = uchar(std::clamp((v - lo) * 255 / (hi - lo), 0, 255));
    for (int y = 0; y < frame.rows; ++y) {
        const uint16_t* d = difference_.ptr<uint16_t>(y);
        uchar* a = alpha_.ptr<uchar>(y);
        for (int x = 0; x < frame.cols; ++x) a[x] = ramp_[d[x]];
    }
    return alpha_;
}

}  // namespace facet
