#include "pipeline/checks/check_frame.hpp"

#include "pipeline/srgb.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace facet::checks {

void requireValidInput(const CheckInput& in) {
    CV_Assert(!in.frame.empty() && (in.frame.type() == CV_8UC3 || in.frame.type() == CV_32FC3));
    CV_Assert(!in.matte.empty() && (in.matte.type() == CV_8UC1 || in.matte.type() == CV_32FC1));
    CV_Assert(in.matte.size() == in.frame.size());
    CV_Assert(in.plate.empty() || (in.plate.size() == in.frame.size() && in.plate.type() == in.frame.type()));
    CV_Assert(in.captureScale > 0 && in.pxPerMm >= 0);
}

const std::array<float, 256>& srgbDecodeTable() {
    static const std::array<float, 256> table = [] {
        std::array<float, 256> t{};
        for (int i = 0; i < 256; ++i) t[i] = srgbDecode(i / 255.0f);
        return t;
    }();
    return table;
}

namespace {

// `borrowed` remembers that dst is the caller's image (live view is analysed in place, no copy):
// such a header must be dropped before anything is written into dst.
void reduce(const cv::Mat& src, cv::Mat& dst, cv::Size size, bool& borrowed) {
    if (src.size() == size) {
        dst = src;
        borrowed = true;
        return;
    }
    if (borrowed) dst.release();
    borrowed = false;
    cv::resize(src, dst, size, 0, 0, cv::INTER_AREA);
}

void toSrgb8(const cv::Mat& linear, cv::Mat& out) {
    out = linearToSrgb(linear, CV_8U);
}

}  // namespace

void CheckFrame::prepare(const CheckInput& in, int analysisLongEdgePx) {
    requireValidInput(in);
    const int longEdge = std::max(in.frame.cols, in.frame.rows);
    const double f = longEdge > analysisLongEdgePx ? double(analysisLongEdgePx) / longEdge : 1.0;
    const cv::Size size(std::max(1, int(std::lround(in.frame.cols * f))),
                        std::max(1, int(std::lround(in.frame.rows * f))));
    fullPerAnalysis = double(in.frame.cols) / size.width;
    captureScale = in.captureScale;
    pxPerMm = in.pxPerMm;
    fullMatte = in.matte;

    if (in.frame.type() == CV_8UC3) {
        reduce(in.frame, bgr8, size, bgrBorrowed_);
        linear.release();
        if (!in.plate.empty()) reduce(in.plate, plateBgr8, size, plateBorrowed_);
        else plateBgr8.release();
        plateLinear.release();
    } else {
        reduce(in.frame, linear, size, linearBorrowed_);
        bgrBorrowed_ = false;
        toSrgb8(linear, bgr8);
        if (!in.plate.empty()) {
            reduce(in.plate, plateLinear, size, plateLinearBorrowed_);
            plateBorrowed_ = false;
            toSrgb8(plateLinear, plateBgr8);
        } else {
            plateLinear.release();
            plateBgr8.release();
        }
    }

    if (in.matte.type() == CV_8UC1) {
        reduce(in.matte, alpha8, size, alphaBorrowed_);
    } else {
        if (alphaBorrowed_) alpha8.release();
        alphaBorrowed_ = false;
        reduce(in.matte, scratch_, size, scratchBorrowed_);
        scratch_.convertTo(alpha8, CV_8U, 255.0);
    }
    cv::threshold(alpha8, piece, 127, 255, cv::THRESH_BINARY);
    pieceArea = cv::countNonZero(piece);
    pieceBox = pieceArea > 0 ? cv::boundingRect(piece) : cv::Rect();
    // Luma is only looked at on and around the piece (focus, highlights).
    luma8.create(size, CV_8UC1);
    lumaBox = (pieceBox + cv::Size(2 * kLumaMarginPx, 2 * kLumaMarginPx) - cv::Point(kLumaMarginPx, kLumaMarginPx)) &
              cv::Rect(cv::Point(), size);
    if (!lumaBox.empty()) {
        cv::Mat roi = luma8(lumaBox);
        cv::cvtColor(bgr8(lumaBox), roi, cv::COLOR_BGR2GRAY);
    }
}

cv::Vec3f CheckFrame::linearAt(int x, int y) const {
    if (!linear.empty()) return linear.at<cv::Vec3f>(y, x);
    const auto& t = srgbDecodeTable();
    const cv::Vec3b c = bgr8.at<cv::Vec3b>(y, x);
    return {t[c[0]], t[c[1]], t[c[2]]};
}

float CheckFrame::luminanceAt(cv::Point2f p) const {
    const float x = std::clamp(p.x, 0.0f, float(bgr8.cols - 1));
    const float y = std::clamp(p.y, 0.0f, float(bgr8.rows - 1));
    const int x0 = std::min(int(x), bgr8.cols - 2 < 0 ? 0 : bgr8.cols - 2);
    const int y0 = std::min(int(y), bgr8.rows - 2 < 0 ? 0 : bgr8.rows - 2);
    const int x1 = std::min(x0 + 1, bgr8.cols - 1), y1 = std::min(y0 + 1, bgr8.rows - 1);
    const float fx = x - x0, fy = y - y0;
    const float a = luminanceAt(x0, y0), b = luminanceAt(x1, y0);
    const float c = luminanceAt(x0, y1), d = luminanceAt(x1, y1);
    return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
}

float CheckFrame::alphaAt(cv::Point2f p) const { return sampleBilinear(alpha8, p); }

float sampleBilinear(const cv::Mat& img, cv::Point2f p) {
    const float x = std::clamp(p.x, 0.0f, float(img.cols - 1));
    const float y = std::clamp(p.y, 0.0f, float(img.rows - 1));
    const int x0 = std::min(int(x), std::max(0, img.cols - 2));
    const int y0 = std::min(int(y), std::max(0, img.rows - 2));
    const int x1 = std::min(x0 + 1, img.cols - 1), y1 = std::min(y0 + 1, img.rows - 1);
    const float fx = x - x0, fy = y - y0;
    float a, b, c, d;
    if (img.type() == CV_8UC1) {
        constexpr float k = 1.0f / 255.0f;
        a = img.at<uchar>(y0, x0) * k; b = img.at<uchar>(y0, x1) * k;
        c = img.at<uchar>(y1, x0) * k; d = img.at<uchar>(y1, x1) * k;
    } else {
        a = img.at<float>(y0, x0); b = img.at<float>(y0, x1);
        c = img.at<float>(y1, x0); d = img.at<float>(y1, x1);
    }
    return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
}

}  // namespace facet::checks
