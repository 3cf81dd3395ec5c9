#include "pipeline/checks/background_stats.hpp"

#include "pipeline/checks/colour_difference.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace facet::checks {

namespace {
constexpr int kAlphaBackground = 3;  // matte below this (of 255) is velvet
constexpr int kBlockAlpha = 1;       // a block's mean matte (of 255) above this is not velvet
constexpr int kStep = 4;             // sampling step in x and y
}  // namespace

std::vector<float> BackgroundStats::relativeLightness(float minCoverage) const {
    std::vector<float> out(cellBgr.size(), std::numeric_limits<float>::quiet_NaN());
    if (luminance <= 0) return out;
    for (size_t i = 0; i < cellBgr.size(); ++i)
        if (cellCoverage[i] >= minCoverage) out[i] = float(linearLuminance(cellBgr[i]) / luminance);
    return out;
}

const BackgroundStats& BackgroundMeter::measure(const CheckFrame& f) {
    // Velvet: blocks of kStep x kStep px where the matte is (near) zero, and their neighbours
    // too, which keeps samples 4-8 px away from the piece and its halo.
    measuredSize_ = f.size();
    const cv::Size blocks((f.size().width + kStep - 1) / kStep, (f.size().height + kStep - 1) / kStep);
    cv::resize(f.alpha8, blockMean_, blocks, 0, 0, cv::INTER_AREA);
    if (kernel_.empty()) kernel_ = cv::getStructuringElement(cv::MORPH_RECT, {3, 3});
    cv::dilate(blockMean_, nearPiece_, kernel_);
    return accumulate(f, f.bgr8, f.linear, stats_);
}

namespace {
// A cheap fingerprint of a plate: the same plate on every live frame is measured once.
double plateFingerprint(const cv::Mat& bgr8) {
    double sum = 0;
    for (int j = 0; j < 16; ++j)
        for (int i = 0; i < 16; ++i) {
            const cv::Vec3b c = bgr8.at<cv::Vec3b>((2 * j + 1) * bgr8.rows / 32, (2 * i + 1) * bgr8.cols / 32);
            sum += (c[0] + 3.0 * c[1] + 7.0 * c[2]) * (1 + i + 16 * j);
        }
    return sum;
}
}  // namespace

const BackgroundStats& BackgroundMeter::measurePlate(const CheckFrame& f) {
    plateStats_ = BackgroundStats{};
    if (f.plateBgr8.empty() || measuredSize_ != f.size()) return plateStats_;
    // The whole plate, cell by cell, once per plate (it is all velvet)...
    const double fingerprint = plateFingerprint(f.plateBgr8);
    if (!wholePlate_.valid() || wholePlate_.frameSize != stats_.frameSize || fingerprint != plateFingerprint_) {
        accumulate(f, f.plateBgr8, f.plateLinear, wholePlate_, false);
        plateFingerprint_ = fingerprint;
    }
    // ...then seen through the frame's velvet: each cell weighted by how much velvet the frame
    // shows there, so a piece covering the brighter middle does not read as a drift.
    plateStats_ = wholePlate_;
    cv::Vec3d sum(0, 0, 0);
    double weight = 0;
    for (size_t i = 0; i < wholePlate_.cellBgr.size(); ++i) {
        const double w = stats_.cellCoverage[i];
        sum += cv::Vec3d(wholePlate_.cellBgr[i]) * w;
        weight += w;
    }
    if (weight <= 0) return plateStats_;
    plateStats_.meanBgr = sum * (1.0 / weight);
    plateStats_.luminance = linearLuminance(cv::Vec3f(plateStats_.meanBgr));
    plateStats_.lab = linearBgrToLab(plateStats_.meanBgr);
    return plateStats_;
}

const BackgroundStats& BackgroundMeter::accumulate(const CheckFrame& f, const cv::Mat& bgr8, const cv::Mat& linear,
                                                   BackgroundStats& s, bool velvetOnly) {
    s.frameSize = cv::Size(int(std::lround(f.size().width * f.fullPerAnalysis)),
                           int(std::lround(f.size().height * f.fullPerAnalysis)));
    const int cells = s.gridCols * s.gridRows;
    sums_.assign(cells, cv::Vec3d(0, 0, 0));
    counts_.assign(cells, 0);
    totals_.assign(cells, 0);
    const auto& decode = srgbDecodeTable();
    const cv::Size size = f.size();
    columnCell_.resize(size.width);
    for (int x = 0; x < size.width; ++x) columnCell_[x] = x * s.gridCols / size.width;
    int crushed = 0, samples = 0;
    for (int y = kStep / 2; y < size.height; y += kStep) {
        const uchar* c8 = bgr8.ptr<uchar>(y);
        const cv::Vec3f* lin = linear.empty() ? nullptr : linear.ptr<cv::Vec3f>(y);
        const uchar* nearRow = nearPiece_.ptr<uchar>(std::min(y / kStep, nearPiece_.rows - 1));
        const int cellRow = y * s.gridRows / size.height;
        // Sums run in registers along a row and go to the cell when the cell changes: adding
        // into sums_[cell] per pixel chains every add through memory.
        int cell = -1, total = 0, count = 0;
        float sb = 0, sg = 0, sr = 0;
        auto flush = [&] {
            if (cell < 0) return;
            sums_[cell] += cv::Vec3d(sb, sg, sr);
            counts_[cell] += count;
            totals_[cell] += total;
            samples += count;
        };
        for (int x = kStep / 2; x < size.width; x += kStep) {
            const int c = cellRow * s.gridCols + columnCell_[x];
            if (c != cell) {
                flush();
                cell = c;
                total = count = 0;
                sb = sg = sr = 0;
            }
            ++total;
            if (velvetOnly && nearRow[std::min(x / kStep, nearPiece_.cols - 1)] > kBlockAlpha) continue;
            const uchar* p = c8 + 3 * x;
            if (lin) {
                sb += lin[x][0];
                sg += lin[x][1];
                sr += lin[x][2];
            } else {
                sb += decode[p[0]];
                sg += decode[p[1]];
                sr += decode[p[2]];
            }
            ++count;
            crushed += (p[0] <= 2) & (p[1] <= 2) & (p[2] <= 2);
        }
        flush();
    }
    s.cellBgr.assign(cells, cv::Vec3f(0, 0, 0));
    s.cellCoverage.assign(cells, 0.f);
    cv::Vec3d total(0, 0, 0);
    for (int i = 0; i < cells; ++i) {
        total += sums_[i];
        if (counts_[i] > 0) s.cellBgr[i] = cv::Vec3f(sums_[i] * (1.0 / counts_[i]));
        s.cellCoverage[i] = totals_[i] > 0 ? float(counts_[i]) / totals_[i] : 0.f;
    }
    s.samples = samples;
    s.meanBgr = samples > 0 ? total * (1.0 / samples) : cv::Vec3d(0, 0, 0);
    s.luminance = linearLuminance(cv::Vec3f(s.meanBgr));
    s.lab = linearBgrToLab(s.meanBgr);
    s.crushedFraction = samples > 0 ? double(crushed) / samples : 0;
    return s;
}

BackgroundStats measureBackground(const CheckInput& in) {
    CheckFrame frame;
    frame.prepare(in);
    BackgroundMeter meter;
    return meter.measure(frame);
}

}  // namespace facet::checks
