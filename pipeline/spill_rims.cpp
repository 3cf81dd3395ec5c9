#include "pipeline/spill_rims.hpp"

#include "pipeline/single_shot_matte.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <vector>

namespace facet {

namespace {

constexpr int kSpillReachPx = 3;  // spill grazes the metal this far in from an edge
constexpr float kMaxSpill = 0.3f;  // of the backlight, at most (a stone passes far more)

}  // namespace

SpillRims spillRimCandidates(const cv::Mat& alpha, const cv::Mat& sameHue) {
    // Spill comes from wherever most of the backlight passes (kMostlyPasses): an edge with the
    // set behind it, and also a hole too small to be covered to less than that (a cuban chain's
    // gaps between links, which were read from only where alpha is ~0 and left the metal round
    // them ~0.1 low: silver cuban chain halo 4.4-4.7 -> 2.7-3.8). A stone's body lies deeper than
    // kSpillReachPx from the set itself.
    constexpr float kMostlyPasses = 0.3f;
    cv::Mat dist, reach;
    cv::distanceTransform(alpha > 0.02f, dist, cv::DIST_L2, cv::DIST_MASK_5);
    cv::distanceTransform(alpha > kMostlyPasses, reach, cv::DIST_L2, cv::DIST_MASK_5);
    // Spill is a fraction of the backlight (a stone passes far more): at most kMaxSpill.
    cv::Mat rim(alpha.size(), CV_8UC1), deepTransmission(alpha.size(), CV_8UC1);
    bool any = false;
    for (int y = 0; y < alpha.rows; ++y) {
        const float* a = alpha.ptr<float>(y);
        const float* d = dist.ptr<float>(y);
        const float* dr = reach.ptr<float>(y);
        const uchar* same = sameHue.ptr<uchar>(y);
        uchar* r = rim.ptr<uchar>(y);
        uchar* deep = deepTransmission.ptr<uchar>(y);
        for (int x = 0; x < alpha.cols; ++x) {
            r[x] = (same[x] && dr[x] <= float(kSpillReachPx) && a[x] < 0.97f && a[x] >= 1.0f - kMaxSpill) ? 255 : 0;
            deep[x] = (a[x] < 0.97f && d[x] > float(kSpillReachPx) + 1.0f) ? 255 : 0;
            any |= r[x] != 0;
        }
    }
    if (!any) return {};
    // A stone transmits through its whole body; spill stops a few pixels in. Where something
    // deeper nearby transmits too, the candidate may be the stone's own rim, or a bezel round it
    // catching spill like any other rim: settleSpillOnRims tells them by how much they pass.
    cv::Mat nearStone;
    cv::dilate(deepTransmission, nearStone, cv::getStructuringElement(cv::MORPH_ELLIPSE, {11, 11}));
    SpillRims out;
    out.rims = rim & (nearStone == 0);
    // Without rims away from stones there is no spill to measure a bezel against.
    if (cv::countNonZero(out.rims) == 0) return {};
    out.besideStone = rim & nearStone;
    if (cv::countNonZero(out.besideStone) == 0) out.besideStone.release();
    return out;
}

// Rim candidates the front shot sees as solid metal take its alpha and count as spill. What the
// triangulation read there as transmission is the spill's share of the backlight; the partly
// covered pixels of the same silhouette (the front shot sees them partial too) caught that share
// on their covered part, so their alpha is divided by what it left: a / (1 - spill share).
// Beside a stone, a candidate is settled only where it passes no more than the spill measured
// on this tile's rims away from stones: a bezel catches the same spill, a stone passes far more.
void settleSpillOnRims(const cv::Mat& C1, const cv::Mat& P1, const cv::Vec3f& sigma1, const CutoutParams& params,
                       const SpillRims& candidates, const cv::Mat& sameHue, DualMatte& out) {
    KnownBackground front{P1, sigma1, true, {}};
    const SingleShotMatte frontMatte = solveSingleShot(C1, front, params);
    const cv::Mat& single = frontMatte.alpha;
    // A soft edge (a pearl's limb, white like the backlight) is no rim: its partial alpha a few
    // pixels in is its own, not spill (taken for spill, the pearls' edges came out opaque).
    const cv::Mat noSoft = frontMatte.softEdges == 0;
    cv::Mat share(C1.size(), CV_32FC1, cv::Scalar(-1));
    std::vector<float> shares;
    auto settle = [&](const cv::Mat& mask, float mostShare) {
        for (int y = 0; y < C1.rows; ++y) {
            const uchar* r = mask.ptr<uchar>(y);
            const float* s = single.ptr<float>(y);
            float* a = out.alpha.ptr<float>(y);
            float* sh = share.ptr<float>(y);
            uchar* sp = out.spill.ptr<uchar>(y);
            for (int x = 0; x < C1.cols; ++x)
                if (r[x] && s[x] >= 0.97f && 1.0f - a[x] <= mostShare && noSoft.at<uchar>(y, x)) {
                    sh[x] = 1.0f - a[x], a[x] = s[x], sp[x] = 255;
                    shares.push_back(sh[x]);
                }
        }
    };
    settle(candidates.rims, 1.0f);
    // At least kMinSpillSamples measured shares make the reference, and their 90th percentile
    // is the most a bezel's pixel passes. (Over 7 seeds the 75th and 50th percentile with 25-50 %
    // more room gave the same gains on bezels and kept more of the stones' rims opaque.)
    constexpr size_t kMinSpillSamples = 20;
    if (!candidates.besideStone.empty() && shares.size() >= kMinSpillSamples) {
        auto at = shares.begin() + ptrdiff_t(0.9 * double(shares.size() - 1));
        std::nth_element(shares.begin(), at, shares.end());
        const float mostShare = *at;
        settle(candidates.besideStone, mostShare);
    }
    // A partly covered pixel takes the strongest share settled within kReach, one outlier aside
    // (the second largest of three or more): spill is strongest at the very edge, where this
    // pixel is, and its settled neighbours lie further in. (Their mean left the silver seeds'
    // outlines ~0.08 low; the largest alone made the finest silver filigree too opaque.)
    constexpr int kReach = 2;
    float nearShares[(2 * kReach + 1) * (2 * kReach + 1)];
    for (int y = 0; y < C1.rows; ++y) {
        const uchar* same = sameHue.ptr<uchar>(y);
        const float* s = single.ptr<float>(y);
        float* a = out.alpha.ptr<float>(y);
        uchar* sp = out.spill.ptr<uchar>(y);
        for (int x = 0; x < C1.cols; ++x) {
            if (!same[x] || sp[x] || a[x] <= 0.0f || a[x] >= 0.97f || s[x] >= 0.97f || !noSoft.at<uchar>(y, x)) continue;
            int n = 0;
            for (int v = std::max(0, y - kReach); v <= std::min(C1.rows - 1, y + kReach); ++v)
                for (int u = std::max(0, x - kReach); u <= std::min(C1.cols - 1, x + kReach); ++u)
                    if (const float h = share.at<float>(v, u); h >= 0) nearShares[n++] = h;
            if (n == 0) continue;
            std::sort(nearShares, nearShares + n);
            const float edgeShare = nearShares[n >= 3 ? n - 2 : n - 1];
            a[x] = std::min(1.0f, a[x] / (1.0f - edgeShare));
            sp[x] = 255;
        }
    }
}

}  // namespace facet
