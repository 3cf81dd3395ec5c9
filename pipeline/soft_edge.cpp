#include "pipeline/soft_edge.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
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
    // The outline counts no wire up to 4 px wide (no pixel within 2 px of it is 2.5 px from the
    // background): a strand's silk, or the ring and wire a chandelier's pearl hangs from, says
    // nothing about the pearl (with them counted, its soft edge was cut hard: chandelier seed 101,
    // its pearls' partial pixels 0.38 too opaque on average, halo 11.2; now 10.4).
    cv::Mat nearInner;
    cv::dilate(distance >= 2.5f, nearInner, cv::getStructuringElement(cv::MORPH_RECT, {5, 5}));
    const cv::Mat outline = (distance > 0.0f) & (distance < 1.5f) & nearInner;
    soft = softAround(soft, outline);
    return softBodies(soft, outline, body, nearCore);
}

namespace {

// One soft body's light against the cosine mu at its layers, and the Minnaert fit through them.
struct BodyLight {
    float radius = 0;                     // its deepest distance from the background
    double sum[3] = {0, 0, 0}, count[3] = {0, 0, 0};  // |C - B| over its first opaque layers
    float level = 0, power = -1;          // log I0 and k; power < 0: not fitted
};

// The cosine between a round body's surface and the view, `fromOutline` px inside its outline.
float cosineAt(float fromOutline, float radius) {
    const float r = 1.0f - std::clamp(fromOutline / radius, 0.0f, 1.0f);
    return std::sqrt(std::max(1e-4f, 1.0f - r * r));
}

// A pixel at distance D from the background has its centre D - 1/2 px inside the outline.
float insideOutline(float distance) { return distance - 0.5f; }

// log light = log I0 + k log mu, least squares over the layers with enough pixels.
void fitMinnaert(BodyLight& b, int bandPx) {
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    int m = 0;
    for (int layer = 0; layer < 3; ++layer) {
        if (b.count[layer] < 5 || b.sum[layer] <= 0) continue;
        const double x = std::log(cosineAt(insideOutline(float(bandPx + 1 + layer)), b.radius));
        const double y = std::log(b.sum[layer] / b.count[layer]);
        sx += x, sy += y, sxx += x * x, sxy += x * y, ++m;
    }
    const double spread = m > 0 ? sxx - sx * sx / m : 0;
    if (m < 2 || spread < 1e-6) return;
    // Limb brightening (k < 0) is no round body's: a highlight near the band, not a limb.
    b.power = float(std::clamp((sxy - sx * sy / m) / spread, 0.0, 2.0));
    b.level = float(sy / m - b.power * sx / m);
}

}  // namespace

cv::Mat limbLight(const cv::Mat& diffNorm, const cv::Mat& distance, const cv::Mat& soft, int bandPx) {
    CV_Assert(diffNorm.type() == CV_32FC1 && distance.type() == CV_32FC1 && soft.type() == CV_8UC1);
    cv::Mat light(diffNorm.size(), CV_32FC1, cv::Scalar(-1.0f));
    if (cv::countNonZero(soft) == 0) return light;
    // Every pixel belongs to the body of its nearest core (as in softEdgeMask).
    cv::Mat toCore, body;
    cv::distanceTransform(distance < kSoftBodyPx, toCore, body, cv::DIST_L2, cv::DIST_MASK_5, cv::DIST_LABEL_CCOMP);
    double labels = 0;
    cv::minMaxLoc(body, nullptr, &labels);
    std::vector<BodyLight> bodies(size_t(labels) + 1);
    for (int y = 0; y < distance.rows; ++y) {
        const float* d = distance.ptr<float>(y);
        const float* v = diffNorm.ptr<float>(y);
        const int* b = body.ptr<int>(y);
        for (int x = 0; x < distance.cols; ++x) {
            BodyLight& it = bodies[size_t(b[x])];
            it.radius = std::max(it.radius, d[x]);
            const int layer = int(std::lround(d[x])) - bandPx - 1;
            if (layer < 0 || layer >= 3) continue;
            it.sum[layer] += v[x];
            it.count[layer] += 1;
        }
    }
    for (BodyLight& b : bodies) fitMinnaert(b, bandPx);
    for (int y = 0; y < distance.rows; ++y) {
        const float* d = distance.ptr<float>(y);
        const uchar* s = soft.ptr<uchar>(y);
        const int* b = body.ptr<int>(y);
        float* out = light.ptr<float>(y);
        for (int x = 0; x < distance.cols; ++x) {
            const BodyLight& it = bodies[size_t(b[x])];
            if (s[x] && it.power >= 0)
                out[x] = std::exp(it.level) * std::pow(cosineAt(insideOutline(d[x]), it.radius), it.power);
        }
    }
    return light;
}

}  // namespace facet
