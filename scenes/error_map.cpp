#include "scenes/error_map.hpp"

#include "pipeline/srgb.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace facet::scenes {

namespace {

// The bounding box of the pixels the piece covers at all, grown by `margin` and kept inside.
cv::Rect pieceBox(const cv::Mat& truth, int margin) {
    cv::Mat covered = truth > 0.0f;
    cv::Rect box = cv::boundingRect(covered);
    if (box.empty()) return {0, 0, truth.cols, truth.rows};
    box = cv::Rect(box.x - margin, box.y - margin, box.width + 2 * margin, box.height + 2 * margin);
    return box & cv::Rect(0, 0, truth.cols, truth.rows);
}

uchar level(float v) { return uchar(std::clamp(v, 0.0f, 255.0f)); }

}  // namespace

cv::Mat errorMapImage(const Scene& scene, const cv::Mat& alpha, bool transmit, int margin) {
    const cv::Mat& truth = transmit ? scene.alphaTransmit : scene.alpha;
    CV_Assert(alpha.type() == CV_32FC1 && alpha.size() == truth.size());
    const cv::Rect box = pieceBox(truth, margin);
    cv::Mat out(box.height, box.width * 2, CV_8UC3);
    for (int y = 0; y < box.height; ++y) {
        const cv::Vec3f* shot = scene.shot.ptr<cv::Vec3f>(box.y + y) + box.x;
        const float* t = truth.ptr<float>(box.y + y) + box.x;
        const float* a = alpha.ptr<float>(box.y + y) + box.x;
        const uchar* r = scene.regions.ptr<uchar>(box.y + y) + box.x;
        cv::Vec3b* left = out.ptr<cv::Vec3b>(y);
        cv::Vec3b* right = left + box.width;
        for (int x = 0; x < box.width; ++x) {
            // The shot at 1.5x its sRGB level: the velvet's fibres and a mirror's dim copy of
            // them become visible without clipping most of the lit metal.
            for (int k = 0; k < 3; ++k)
                left[x][k] = level(1.5f * 255.0f * srgbEncode(std::clamp(shot[x][k], 0.0f, 1.0f)));
            const float base = 70.0f * t[x];
            cv::Vec3b v(level(base), level(base), level(base));
            if (r[x] == kMetalReflection) v = cv::Vec3b(level(base + 40), level(base), level(base + 40));
            if (r[x] == kStone) v = cv::Vec3b(level(base + 50), level(base + 20), 0);
            if (r[x] == kPearl) v = cv::Vec3b(level(base + 30), level(base + 30), level(base + 10));
            const float error = a[x] - t[x];
            if (error < -kMapTolerance) v = cv::Vec3b(0, 0, level(90.0f - 400.0f * error));
            if (error > kMapTolerance) v = cv::Vec3b(0, level(90.0f + 400.0f * error), 0);
            right[x] = v;
        }
    }
    return out;
}

}  // namespace facet::scenes
