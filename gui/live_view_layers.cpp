#include "gui/live_view_layers.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace facet::station {

void focusPeaking(const cv::Mat& frameBgr8, const cv::Mat& matte8, cv::Mat& peaking, cv::Mat& scratch) {
    CV_Assert(frameBgr8.type() == CV_8UC3 && matte8.type() == CV_8UC1 && frameBgr8.size() == matte8.size());
    cv::Mat gray;
    cv::cvtColor(frameBgr8, gray, cv::COLOR_BGR2GRAY);
    cv::Laplacian(gray, scratch, CV_16S, 3);
    cv::convertScaleAbs(scratch, scratch);
    // Threshold at the 92nd percentile of the response on the piece (never below a floor, so
    // sensor noise on a blurred piece does not light up).
    int counts[256] = {0};
    int onPiece = 0;
    for (int y = 0; y < gray.rows; ++y) {
        const uchar* r = scratch.ptr<uchar>(y);
        const uchar* m = matte8.ptr<uchar>(y);
        for (int x = 0; x < gray.cols; ++x)
            if (m[x] >= 128) {
                ++counts[r[x]];
                ++onPiece;
            }
    }
    int threshold = 255;
    for (int v = 255, seen = 0; v >= 0; --v) {
        seen += counts[v];
        if (seen > onPiece * 0.08) {
            threshold = v;
            break;
        }
    }
    threshold = std::max(threshold, 24);
    peaking.create(gray.size(), CV_8UC1);
    for (int y = 0; y < gray.rows; ++y) {
        const uchar* r = scratch.ptr<uchar>(y);
        const uchar* m = matte8.ptr<uchar>(y);
        uchar* p = peaking.ptr<uchar>(y);
        for (int x = 0; x < gray.cols; ++x) p[x] = (m[x] >= 128 && r[x] >= threshold) ? 255 : 0;
    }
}

void clippingZebra(const cv::Mat& frameBgr8, const cv::Mat& matte8, cv::Mat& zebra) {
    CV_Assert(frameBgr8.type() == CV_8UC3 && matte8.type() == CV_8UC1 && frameBgr8.size() == matte8.size());
    zebra.create(frameBgr8.size(), CV_8UC1);
    for (int y = 0; y < frameBgr8.rows; ++y) {
        const cv::Vec3b* f = frameBgr8.ptr<cv::Vec3b>(y);
        const uchar* m = matte8.ptr<uchar>(y);
        uchar* z = zebra.ptr<uchar>(y);
        for (int x = 0; x < frameBgr8.cols; ++x) {
            const uchar top = std::max({f[x][0], f[x][1], f[x][2]});
            z[x] = (m[x] >= 128 && top >= 250) ? 255 : 0;
        }
    }
}

void lumaHistograms(const cv::Mat& frameBgr8, const cv::Mat& matte8, Histogram& frame, Histogram& background) {
    CV_Assert(frameBgr8.type() == CV_8UC3 && matte8.type() == CV_8UC1 && frameBgr8.size() == matte8.size());
    std::array<int, kHistogramBins> all{}, bg{};
    int nAll = 0, nBg = 0;
    for (int y = 0; y < frameBgr8.rows; y += 2) {  // every other row and column: plenty for a histogram
        const cv::Vec3b* f = frameBgr8.ptr<cv::Vec3b>(y);
        const uchar* m = matte8.ptr<uchar>(y);
        for (int x = 0; x < frameBgr8.cols; x += 2) {
            const int luma = (f[x][0] * 29 + f[x][1] * 150 + f[x][2] * 77) >> 8;
            const int bin = luma * kHistogramBins / 256;
            ++all[bin];
            ++nAll;
            if (m[x] < 32) {
                ++bg[bin];
                ++nBg;
            }
        }
    }
    for (int i = 0; i < kHistogramBins; ++i) {
        frame[i] = nAll ? float(all[i]) / nAll : 0.f;
        background[i] = nBg ? float(bg[i]) / nBg : 0.f;
    }
}

void addOverlayLayers(LiveSnapshot& snap, uint32_t overlayBits, cv::Mat& scratch) {
    if ((overlayBits & kOverlayPeaking) && snap.peaking.empty()) focusPeaking(snap.frame, snap.matte, snap.peaking, scratch);
    if ((overlayBits & kOverlayZebra) && snap.zebra.empty()) clippingZebra(snap.frame, snap.matte, snap.zebra);
}

void composeDisplay(const LiveSnapshot& layers, uint32_t overlayBits, cv::Mat& display) {
    const cv::Mat& frame = layers.frame;
    CV_Assert(frame.type() == CV_8UC3);
    display.create(frame.size(), CV_8UC4);
    const bool matte = (overlayBits & kOverlayMatte) && !layers.matte.empty();
    const bool peaking = (overlayBits & kOverlayPeaking) && !layers.peaking.empty();
    const bool zebra = (overlayBits & kOverlayZebra) && !layers.zebra.empty();
    if (!matte && !peaking && !zebra) {  // the frame alone (the usual case): OpenCV's vectorised copy
        cv::cvtColor(frame, display, cv::COLOR_BGR2RGBA);
        return;
    }
    for (int y = 0; y < frame.rows; ++y) {
        const cv::Vec3b* f = frame.ptr<cv::Vec3b>(y);
        cv::Vec4b* d = display.ptr<cv::Vec4b>(y);
        const uchar* m = matte ? layers.matte.ptr<uchar>(y) : nullptr;
        const uchar* p = peaking ? layers.peaking.ptr<uchar>(y) : nullptr;
        const uchar* z = zebra ? layers.zebra.ptr<uchar>(y) : nullptr;
        for (int x = 0; x < frame.cols; ++x) {
            int r = f[x][2], g = f[x][1], b = f[x][0];
            if (m && m[x]) {
                // Tint the piece magenta in proportion to alpha: soft edges show as soft tint,
                // holes the matte missed stay untinted.
                const int a = m[x] * 140 / 255;
                r = (r * (255 - a) + 255 * a) / 255;
                g = (g * (255 - a) + 40 * a) / 255;
                b = (b * (255 - a) + 200 * a) / 255;
            }
            if (z && z[x]) {
                const bool stripe = ((x + y) / 4) % 2 == 0;
                r = stripe ? 255 : 0;
                g = stripe ? 40 : 0;
                b = stripe ? 40 : 0;
            }
            if (p && p[x]) {
                r = 40;
                g = 255;
                b = 60;
            }
            d[x] = cv::Vec4b(uchar(r), uchar(g), uchar(b), 255);
        }
    }
}

}  // namespace facet::station
