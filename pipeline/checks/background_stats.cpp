#include "pipeline/checks/background_stats.hpp"

#include "pipeline/checks/colour_difference.hpp"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <limits>

namespace facet::checks {

namespace {
constexpr int kAlphaBackground = 3;  // matte below this (of 255) is velvet
constexpr int kKeepAwayPx = 6;       // from anything the matte calls piece
constexpr int kStep = 2;             // sampling step in x and y
}  // namespace

std::vector<float> BackgroundStats::relativeLightness(float minCoverage) const {
    std::vector<float> out(cellBgr.size(), std::numeric_limits<float>::quiet_NaN());
    if (luminance <= 0) return out;
    for (size_t i = 0; i < cellBgr.size(); ++i)
        if (cellCoverage[i] >= minCoverage) out[i] = float(linearLuminance(cellBgr[i]) / luminance);
    return out;
}

const BackgroundStats& BackgroundMeter::measure(const CheckFrame& f) {
    // Pixels near the piece (or any faint matte) are not velvet.
    cv::threshold(f.alpha8, near_, kAlphaBackground, 255, cv::THRESH_BINARY);
    if (f.hasPiece() || cv::countNonZero(near_) > 0) {
        if (kernel_.empty())
            kernel_ = cv::getStructuringElement(cv::MORPH_RECT, {2 * kKeepAwayPx + 1, 2 * kKeepAwayPx + 1});
        cv::dilate(near_, near_, kernel_);
    }

    return accumulate(f, f.bgr8, f.linear, stats_);
}

const BackgroundStats& BackgroundMeter::measurePlate(const CheckFrame& f) {
    plateStats_ = BackgroundStats{};
    if (f.plateBgr8.empty() || near_.size() != f.size()) return plateStats_;
    return accumulate(f, f.plateBgr8, f.plateLinear, plateStats_);
}

const BackgroundStats& BackgroundMeter::accumulate(const CheckFrame& f, const cv::Mat& bgr8, const cv::Mat& linear,
                                                   BackgroundStats& s) {
    s.frameSize = cv::Size(int(std::lround(f.size().width * f.fullPerAnalysis)),
                           int(std::lround(f.size().height * f.fullPerAnalysis)));
    const int cells = s.gridCols * s.gridRows;
    sums_.assign(cells, cv::Vec3d(0, 0, 0));
    counts_.assign(cells, 0);
    totals_.assign(cells, 0);
    const auto& decode = srgbDecodeTable();
    const cv::Size size = f.size();
    int crushed = 0, samples = 0;
    for (int y = 0; y < size.height; y += kStep) {
        const uchar* nearRow = near_.ptr<uchar>(y);
        const cv::Vec3b* c8 = bgr8.ptr<cv::Vec3b>(y);
        const cv::Vec3f* lin = linear.empty() ? nullptr : linear.ptr<cv::Vec3f>(y);
        const int cellRow = y * s.gridRows / size.height;
        for (int x = 0; x < size.width; x += kStep) {
            const int cell = cellRow * s.gridCols + x * s.gridCols / size.width;
            totals_[cell]++;
            if (nearRow[x]) continue;
            const cv::Vec3b c = c8[x];
            const cv::Vec3d v = lin ? cv::Vec3d(lin[x]) : cv::Vec3d(decode[c[0]], decode[c[1]], decode[c[2]]);
            sums_[cell] += v;
            counts_[cell]++;
            if (c[0] <= 2 && c[1] <= 2 && c[2] <= 2) ++crushed;
            ++samples;
        }
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
