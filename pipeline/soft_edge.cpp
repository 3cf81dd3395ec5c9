#include "pipeline/soft_edge.hpp"

#include <opencv2/imgproc.hpp>

#include <vector>

namespace facet {

namespace {

// Where the edge brightens layer by layer going inwards: the mean difference of the distance
// layers 2, 3 and 4 px from the background around each pixel, each clearly above the last.
cv::Mat brightensInwards(const cv::Mat& diffNorm, const cv::Mat& distance) {
    const cv::Size window(9, 9);
    cv::Mat layerMean[3];
    cv::Mat layerCount[3];
    for (int i = 0; i < 3; ++i) {
        const float lo = 1.5f + i, hi = 2.5f + i;
        cv::Mat in = (distance >= lo) & (distance < hi);
        cv::Mat w;
        in.convertTo(w, CV_32F, 1.0 / 255.0);
        cv::Mat s;
        cv::boxFilter(diffNorm.mul(w), s, CV_32F, window, {-1, -1}, false);
        cv::boxFilter(w, layerCount[i], CV_32F, window, {-1, -1}, false);
        layerMean[i] = s / cv::max(layerCount[i], 1e-3f);
    }
    cv::Mat soft = cv::Mat::zeros(diffNorm.size(), CV_8UC1);
    for (int y = 0; y < soft.rows; ++y) {
        const float* m2 = layerMean[0].ptr<float>(y);
        const float* m3 = layerMean[1].ptr<float>(y);
        const float* m4 = layerMean[2].ptr<float>(y);
        const float* n4 = layerCount[2].ptr<float>(y);
        uchar* o = soft.ptr<uchar>(y);
        for (int x = 0; x < soft.cols; ++x)
            if (n4[x] >= 3 && m2[x] < 0.8f * m3[x] && m3[x] < 0.92f * m4[x]) o[x] = 255;
    }
    return soft;
}

// The soft pixels whose surrounding outline (31x31) is mostly soft too.
cv::Mat softAround(const cv::Mat& soft, const cv::Mat& outline) {
    cv::Mat o, so, share, count;
    outline.convertTo(o, CV_32F, 1.0 / 255.0);
    cv::Mat(outline & soft).convertTo(so, CV_32F, 1.0 / 255.0);
    const cv::Size around(31, 31);
    cv::boxFilter(so, share, CV_32F, around, {-1, -1}, false);
    cv::boxFilter(o, count, CV_32F, around, {-1, -1}, false);
    return soft & (share > 0.75f * count);
}

// The soft pixels of bodies whose own outline is soft for the most part. `body` (CV_32SC1)
// labels every pixel with the body it belongs to; only `counted` outline pixels count.
cv::Mat softBodies(const cv::Mat& soft, const cv::Mat& outline, const cv::Mat& body, const cv::Mat& counted) {
    // A body's dark side alone is under half its outline; a pearl loses some of its soft rim to
    // noise and to what it touches, but keeps well over half.
    constexpr double kSoftShare = 0.6;
    double labels = 0;
    cv::minMaxLoc(body, nullptr, &labels);
    std::vector<int> all(size_t(labels) + 1, 0), softOnes(size_t(labels) + 1, 0);
    for (int y = 0; y < soft.rows; ++y) {
        const uchar* o = outline.ptr<uchar>(y);
        const uchar* c = counted.ptr<uchar>(y);
        const uchar* s = soft.ptr<uchar>(y);
        const int* b = body.ptr<int>(y);
        for (int x = 0; x < soft.cols; ++x)
            if (o[x] && c[x]) {
                ++all[b[x]];
                if (s[x]) ++softOnes[b[x]];
            }
    }
    cv::Mat out = soft.clone();
    for (int y = 0; y < soft.rows; ++y) {
        const int* b = body.ptr<int>(y);
        uchar* s = out.ptr<uchar>(y);
        for (int x = 0; x < soft.cols; ++x)
            if (s[x] && all[b[x]] > 0 && softOnes[b[x]] < kSoftShare * all[b[x]]) s[x] = 0;
    }
    return out;
}

}  // namespace

// Soft edges brighten layer by layer going inwards; so does a round wire's shading, so only
// bodies thick enough to be a pearl or a stone may have one (brightensInwards, then the core
// test). So does the dark side of a shaded metal band, which turns from the light towards its
// silhouette; but a pearl is soft all round and a band only on its dark side (its lit side stays
// sharp): the outline around a soft pixel, and the whole outline of its body, must be soft for
// the most part. The body counts for wide bands, whose lit side is further off than any window
// that fits a small pearl.
cv::Mat softEdgeMask(const cv::Mat& diffNorm, const cv::Mat& distance) {
    CV_Assert(diffNorm.type() == CV_32FC1 && distance.type() == CV_32FC1 && diffNorm.size() == distance.size());
    cv::Mat soft = brightensInwards(diffNorm, distance);
    // Only a thick body's own rim: within kSoftBodyPx of its core (the pixels that deep), which
    // a pearl's edge is and the thread leading into it, a pixel or two past the pearl, is not.
    // Every pixel belongs to the body of the nearest core.
    cv::Mat notCore = distance < kSoftBodyPx, toCore, body;
    cv::distanceTransform(notCore, toCore, body, cv::DIST_L2, cv::DIST_MASK_5, cv::DIST_LABEL_CCOMP);
    const cv::Mat nearCore = toCore <= kSoftBodyPx + 0.5f;
    soft &= nearCore;
    // The outline counts no 1-2 px thread (no pixel of it is 1.5 px from the background): a
    // strand's silk says nothing about its pearls, a ring's prongs do.
    cv::Mat nearInner;
    cv::dilate(distance >= 1.5f, nearInner, cv::Mat());
    const cv::Mat outline = (distance > 0.0f) & (distance < 1.5f) & nearInner;
    soft = softAround(soft, outline);
    return softBodies(soft, outline, body, nearCore);
}

}  // namespace facet
