#include "pipeline/single_shot_matte.hpp"

#include "pipeline/background_evidence.hpp"
#include "pipeline/foreground_estimation.hpp"
#include "pipeline/image.hpp"
#include "pipeline/mirror_outline.hpp"
#include "pipeline/set_shadow.hpp"
#include "pipeline/soft_edge.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace facet {

namespace {

constexpr float kBackgroundLikeAlpha = 0.15f;

// |C - B| per pixel.
cv::Mat differenceNorm(const cv::Mat& diff) {
    cv::Mat sq = diff.mul(diff), n;
    cv::transform(sq, n, cv::Matx13f(1, 1, 1));
    cv::sqrt(n, n);
    return n;
}

// The colour of the pixel that differs most from the background across the local structure
// (along the normal of the edge or wire, up to `reach` px each way). For a sharp metal edge or a
// 2-4 px wire that is an opaque pixel of the same surface at the same place along it: the best
// reference for this pixel's foreground colour. Looking across, not around, keeps a glint
// further along the wire from making its neighbours look partly transparent.
cv::Mat strongestAcrossColour(const cv::Mat& shot, const cv::Mat& diffNorm, int reach) {
    cv::Mat gx, gy;
    cv::Sobel(diffNorm, gx, CV_32F, 1, 0, 3);
    cv::Sobel(diffNorm, gy, CV_32F, 0, 1, 3);
    // The structure tensor's three products, smoothed together as one three-channel image.
    cv::Mat tensor(shot.size(), CV_32FC3);
    for (int y = 0; y < shot.rows; ++y) {
        const float* dx = gx.ptr<float>(y);
        const float* dy = gy.ptr<float>(y);
        cv::Vec3f* t = tensor.ptr<cv::Vec3f>(y);
        for (int x = 0; x < shot.cols; ++x) t[x] = {dx[x] * dx[x], dx[x] * dy[x], dy[x] * dy[x]};
    }
    cv::GaussianBlur(tensor, tensor, {0, 0}, 1.5);
    cv::Mat out(shot.size(), CV_32FC3);
    const int rows = shot.rows, cols = shot.cols;
    // Rounds half away from zero, as std::lround does, without the library call per step.
    auto nearest = [](float v) { return int(v + (v < 0 ? -0.5f : 0.5f)); };
    for (int y = 0; y < rows; ++y) {
        const cv::Vec3f* t = tensor.ptr<cv::Vec3f>(y);
        cv::Vec3f* o = out.ptr<cv::Vec3f>(y);
        for (int x = 0; x < cols; ++x) {
            // The structure tensor's main eigenvector: the direction across the edge or wire.
            const float xx = t[x][0], xy = t[x][1], yy = t[x][2];
            const float half = 0.5f * (xx - yy);
            const float root = std::sqrt(half * half + xy * xy);
            float nx = half + root, ny = xy;
            if (half < 0) nx = xy, ny = root - half;
            const float len = std::sqrt(nx * nx + ny * ny);
            if (len < 1e-12f) nx = 1, ny = 0;
            else nx /= len, ny /= len;
            float best = diffNorm.at<float>(y, x);
            cv::Point at(x, y);
            for (int step = -reach; step <= reach; ++step) {
                if (step == 0) continue;
                const int sx = x + nearest(step * nx), sy = y + nearest(step * ny);
                if (sx < 0 || sy < 0 || sx >= cols || sy >= rows) continue;
                const float v = diffNorm.at<float>(sy, sx);
                if (v > best) best = v, at = {sx, sy};
            }
            o[x] = shot.at<cv::Vec3f>(at);
        }
    }
    return out;
}

// a = (C - B).(F - B) / |F - B|^2 per pixel, clamped; `solvable` is 0 where F is too close to
// B for the projection to mean anything.
void projectAlpha(const cv::Mat& diff, const cv::Mat& fg, const cv::Mat& bg, float minContrast,
                  cv::Mat& alpha, cv::Mat& contrast) {
    alpha.create(diff.size(), CV_32FC1);
    contrast.create(diff.size(), CV_32FC1);
    for (int y = 0; y < diff.rows; ++y) {
        const cv::Vec3f* d = diff.ptr<cv::Vec3f>(y);
        const cv::Vec3f* f = fg.ptr<cv::Vec3f>(y);
        const cv::Vec3f* b = bg.ptr<cv::Vec3f>(y);
        float* a = alpha.ptr<float>(y);
        float* c = contrast.ptr<float>(y);
        for (int x = 0; x < diff.cols; ++x) {
            const cv::Vec3f fb = f[x] - b[x];
            const float n2 = fb.dot(fb);
            c[x] = std::sqrt(n2);
            a[x] = c[x] < minContrast ? 0.0f : std::clamp(d[x].dot(fb) / n2, 0.0f, 1.0f);
        }
    }
}

// What remains of (C - B) once the alpha model a (F - B) is taken out.
cv::Mat unexplainedResidual(const cv::Mat& diff, const cv::Mat& alpha, const cv::Mat& fg, const cv::Mat& bg) {
    cv::Mat r(diff.size(), CV_32FC3);
    for (int y = 0; y < diff.rows; ++y) {
        const cv::Vec3f* d = diff.ptr<cv::Vec3f>(y);
        const cv::Vec3f* f = fg.ptr<cv::Vec3f>(y);
        const cv::Vec3f* b = bg.ptr<cv::Vec3f>(y);
        const float* a = alpha.ptr<float>(y);
        cv::Vec3f* o = r.ptr<cv::Vec3f>(y);
        for (int x = 0; x < diff.cols; ++x) o[x] = d[x] - a[x] * (f[x] - b[x]);
    }
    return r;
}

// The foreground colour of the boundary layer (pixels touching verified background). A rounded
// edge or wire darkens towards its silhouette (it turns away from the light and mirrors the dark
// set there), so the boundary pixel's own surface is darker than the opaque pixel one step in,
// and by how much depends on which way the edge faces the light. The shot itself says how
// much: a boundary pixel shows a C - B of (its coverage) x (its surface's F - B), and the
// coverages of a silhouette's pixels are spread evenly between 0 and 1 (where the outline
// crosses a pixel is chance). So among the boundary pixels facing one way, the ratios of their
// difference to their inner neighbour's are spread evenly up to the surface's falloff from the
// inner pixel to the rim: an upper quantile measures that falloff, per direction, and per
// stretch of outline where enough of it is measured.
cv::Mat rimForeground(const cv::Mat& shot, const cv::Mat& background, const cv::Mat& diffNorm,
                      const cv::Mat& distance, const cv::Mat& acrossFg, const cv::Mat& soft, float minContrast) {
    constexpr int kDirections = 8;
    // With coverages spread evenly, the q-quantile of the ratios is q times the falloff. Not the
    // very top: one direction mixes rims that stay bright with rims that darken, and the top few
    // per cent are the bright ones. 0.8 gave the lowest SAD over the scene classes (0.75-0.95
    // tried).
    constexpr double kNearlyCovered = 0.8;
    constexpr size_t kMinSamples = 12;
    cv::Mat gx, gy;
    cv::Sobel(distance, gx, CV_32F, 1, 0, 3);
    cv::Sobel(distance, gy, CV_32F, 0, 1, 3);
    const int rows = shot.rows, cols = shot.cols;
    auto inside = [&](int x, int y) { return x >= 0 && y >= 0 && x < cols && y < rows; };
    auto directionOf = [](float nx, float ny) {
        const float turn = std::atan2(ny, nx) / float(2 * CV_PI) + 1.0f;
        return int(std::lround(turn * kDirections)) % kDirections;
    };
    cv::Mat out = acrossFg.clone();
    cv::Mat innerAt(shot.size(), CV_32SC2, cv::Scalar(-1, -1));
    cv::Mat directionAt(shot.size(), CV_8SC1, cv::Scalar(-1));
    cv::Mat ratioAt(shot.size(), CV_32FC1, cv::Scalar(-1.0f));
    cv::Mat darkeningAt(shot.size(), CV_32FC1, cv::Scalar(1.0f));  // inner pixel / the one past it
    std::vector<cv::Point> rims;
    std::vector<float> measured[kDirections + 1];  // the last: all directions
    for (int y = 0; y < rows; ++y) {
        const float* D = distance.ptr<float>(y);
        for (int x = 0; x < cols; ++x) {
            if (D[x] <= 0.0f || D[x] >= 1.5f) continue;
            float nx = gx.at<float>(y, x), ny = gy.at<float>(y, x);
            const float len = std::sqrt(nx * nx + ny * ny);
            if (len < 1e-3f) continue;
            nx /= len, ny /= len;
            const int dir = directionOf(nx, ny);
            directionAt.at<schar>(y, x) = schar(dir);
            const int x1 = x + int(std::lround(nx)), y1 = y + int(std::lround(ny));
            if (!inside(x1, y1) || distance.at<float>(y1, x1) < 1.5f) {
                // A 1-2 px wire: its rim against its stronger side, for the local falloff only
                // (its shaded side is as much darker as a prong's, and no pixel one step in
                // says whether it turns away: it is round).
                const cv::Vec3f across = acrossFg.at<cv::Vec3f>(y, x) - background.at<cv::Vec3f>(y, x);
                const float strong = std::sqrt(across.dot(across));
                if (acrossFg.at<cv::Vec3f>(y, x) != shot.at<cv::Vec3f>(y, x) && strong >= 2 * minContrast &&
                    !soft.at<uchar>(y, x)) {
                    ratioAt.at<float>(y, x) = std::min(diffNorm.at<float>(y, x) / strong, 1.5f);
                    darkeningAt.at<float>(y, x) = 0.0f;
                    rims.push_back({x, y});
                }
                continue;
            }
            innerAt.at<cv::Vec2i>(y, x) = {x1, y1};
            const float inner = diffNorm.at<float>(y1, x1);
            if (inner < 2 * minContrast || soft.at<uchar>(y, x)) continue;  // a soft edge is no rim
            const float r = std::min(diffNorm.at<float>(y, x) / inner, 1.5f);
            ratioAt.at<float>(y, x) = r;
            const int x2 = x1 + int(std::lround(nx)), y2 = y1 + int(std::lround(ny));
            // Past the inner pixel of a 3 px wire lies its far rim, no measure of how the surface
            // darkens: the wire is round, it turns away at its outline (7 seeds, 112 scenes:
            // thin recall sum +0.18, punch-through -1.4 %, SAD and halo within 0.1 %;
            // chandelier on acrylic 0.963 -> 0.976).
            if (inside(x2, y2) && distance.at<float>(y2, x2) < 1.5f)
                darkeningAt.at<float>(y, x) = 0.0f;
            else if (inside(x2, y2) && diffNorm.at<float>(y2, x2) > 0)
                darkeningAt.at<float>(y, x) = std::min(inner / diffNorm.at<float>(y2, x2), 2.0f);
            rims.push_back({x, y});
            measured[dir].push_back(r);
            measured[kDirections].push_back(r);
        }
    }
    auto upperQuantile = [&](std::vector<float>& v) {
        auto at = v.begin() + size_t(kNearlyCovered * double(v.size() - 1));
        std::nth_element(v.begin(), at, v.end());
        return std::clamp(*at / float(kNearlyCovered), 0.1f, 1.0f);
    };
    float falloff[kDirections + 1];
    falloff[kDirections] = measured[kDirections].size() >= kMinSamples ? upperQuantile(measured[kDirections]) : 1.0f;
    for (int d = 0; d < kDirections; ++d)
        falloff[d] = measured[d].size() >= kMinSamples ? upperQuantile(measured[d]) : falloff[kDirections];
    // Each stretch of outline darkens by its own amount: a prong's shaded side far more than
    // the band's lit rim facing the same way. Where a rim pixel's block of kBlock px and the
    // eight around it hold kMinNear measured rims facing its way, their quantile is its falloff,
    // down to kLeast of its direction's: a few samples of partly covered pixels alone would read
    // as a steep falloff and make them opaque. Over 7 seeds (plate, acrylic) thin recall rose on
    // 14 of 16 rows (solitaire on acrylic 0.86 -> 0.90), SAD fell on 11 and rose on 3 (+0.04 at
    // most), punch-through fell on 12 (pearls on acrylic 1.24 -> 0.41 %). Windows of 6-12 px,
    // 6-20 samples and floors of 0.5-0.8 were tried; without a floor the chandelier's SAD rose
    // by 20-40 %.
    constexpr int kBlock = 8;
    constexpr size_t kMinNear = 6;
    constexpr float kLeast = 0.7f;
    constexpr float kTurningAway = 0.9f;  // the inner pixel's |C - B| against the next one in
    const int blocksWide = (cols + kBlock - 1) / kBlock, blocksHigh = (rows + kBlock - 1) / kBlock;
    auto blockOf = [&](cv::Point p) { return (p.y / kBlock) * blocksWide + p.x / kBlock; };
    std::sort(rims.begin(), rims.end(), [&](cv::Point a, cv::Point b) { return blockOf(a) < blockOf(b); });
    std::vector<int> firstRim(size_t(blocksWide) * blocksHigh + 1, 0);  // rims of block k: [first[k], first[k+1])
    for (const cv::Point p : rims) ++firstRim[size_t(blockOf(p)) + 1];
    for (size_t k = 1; k < firstRim.size(); ++k) firstRim[k] += firstRim[k - 1];
    // Per block and direction, computed when first asked: -1 unknown, 0 none (use the direction's).
    std::vector<float> blockFalloff(size_t(blocksWide) * blocksHigh * kDirections, -1.0f);
    std::vector<float> near, darkening;
    auto localFalloff = [&](cv::Point p, int dir) {
        const int bx = p.x / kBlock, by = p.y / kBlock;
        float& known = blockFalloff[size_t(by * blocksWide + bx) * kDirections + size_t(dir)];
        if (known >= 0) return known;
        near.clear();
        darkening.clear();
        for (int y = std::max(0, by - 1); y <= std::min(blocksHigh - 1, by + 1); ++y)
            for (int x = std::max(0, bx - 1); x <= std::min(blocksWide - 1, bx + 1); ++x) {
                const size_t k = size_t(y) * blocksWide + x;
                for (int i = firstRim[k]; i < firstRim[k + 1]; ++i)
                    if (directionAt.at<schar>(rims[size_t(i)]) == dir) {
                        near.push_back(ratioAt.at<float>(rims[size_t(i)]));
                        darkening.push_back(darkeningAt.at<float>(rims[size_t(i)]));
                    }
            }
        known = 0;
        if (near.size() < kMinNear) return known;
        // Only a surface seen turning away already one pixel further in: a flat face (a
        // signet's, a brushed bar's) keeps its colour to the outline, and there a few partly
        // covered pixels would only read as a falloff.
        auto mid = darkening.begin() + darkening.size() / 2;
        std::nth_element(darkening.begin(), mid, darkening.end());
        if (*mid < kTurningAway) known = std::max(upperQuantile(near), falloff[dir] * kLeast);
        return known;
    };
    for (int y = 0; y < rows; ++y) {
        const float* D = distance.ptr<float>(y);
        const cv::Vec3f* b = background.ptr<cv::Vec3f>(y);
        cv::Vec3f* o = out.ptr<cv::Vec3f>(y);
        for (int x = 0; x < cols; ++x) {
            const int dir = directionAt.at<schar>(y, x);
            if (D[x] <= 0.0f || D[x] >= 1.5f || dir < 0) continue;
            const cv::Vec2i q = innerAt.at<cv::Vec2i>(y, x);
            const float local = ratioAt.at<float>(y, x) >= 0 ? localFalloff({x, y}, dir) : 0.0f;
            const float f = local > 0 ? local : falloff[dir];
            if (q[0] >= 0)
                o[x] = b[x] + (shot.at<cv::Vec3f>(q[1], q[0]) - background.at<cv::Vec3f>(q[1], q[0])) * f;
            else if (acrossFg.at<cv::Vec3f>(y, x) != shot.at<cv::Vec3f>(y, x))
                o[x] = b[x] + (acrossFg.at<cv::Vec3f>(y, x) - b[x]) * f;  // a 1-2 px wire: its stronger side
        }
    }
    return out;
}

// Per cluster of `labels` (CV_32S, 0 = none), whether any of its pixels lies beside `anchor`
// (within its 8-neighbourhood).
std::vector<uchar> clustersBeside(const cv::Mat& labels, int clusters, const cv::Mat& anchor) {
    cv::Mat beside;
    cv::dilate(anchor, beside, cv::getStructuringElement(cv::MORPH_RECT, {3, 3}));
    std::vector<uchar> touches(size_t(clusters), 0);
    for (int y = 0; y < labels.rows; ++y) {
        const int* l = labels.ptr<int>(y);
        const uchar* b = beside.ptr<uchar>(y);
        for (int x = 0; x < labels.cols; ++x)
            if (l[x] && b[x]) touches[size_t(l[x])] = 1;
    }
    return touches;
}

// The pixels (CV_8UC1) of the clusters of `labels` whose flag in `keep` is set.
cv::Mat clustersKept(const cv::Mat& labels, const std::vector<uchar>& keep) {
    cv::Mat out = cv::Mat::zeros(labels.size(), CV_8UC1);
    for (int y = 0; y < labels.rows; ++y) {
        const int* l = labels.ptr<int>(y);
        uchar* o = out.ptr<uchar>(y);
        for (int x = 0; x < labels.cols; ++x)
            if (l[x] && keep[size_t(l[x])]) o[x] = 255;
    }
    return out;
}

// The clusters of `mask` (8-connected) that touch `anchor`.
cv::Mat clustersTouching(const cv::Mat& mask, const cv::Mat& anchor) {
    cv::Mat labels;
    const int n = cv::connectedComponents(mask, labels, 8, CV_32S);
    return clustersKept(labels, clustersBeside(labels, n, anchor));
}

// The clusters of `faint` (8-connected) of at most kFaintIslandPx pixels with nothing that
// might show the background (`open`) beside them.
constexpr int kFaintIslandPx = 2;

cv::Mat faintIslands(const cv::Mat& faint, const cv::Mat& open) {
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(faint, labels, stats, centroids, 8, CV_32S);
    std::vector<uchar> island = clustersBeside(labels, n, open);
    for (int i = 1; i < n; ++i)
        island[size_t(i)] = !island[size_t(i)] && stats.at<int>(i, cv::CC_STAT_AREA) <= kFaintIslandPx;
    return clustersKept(labels, island);
}

}  // namespace

void fillInterior(cv::Mat& alpha, const cv::Mat& backgroundMask, int bandPx) {
    cv::Mat notBackground = backgroundMask == 0;
    cv::Mat dist;
    cv::distanceTransform(notBackground, dist, cv::DIST_L2, cv::DIST_MASK_5);
    alpha.setTo(1.0f, dist > float(bandPx));
}

void snapToNoise(cv::Mat& alpha, float noiseAlpha) {
    const float lo = noiseAlpha, hi = 1.0f - noiseAlpha;
    alpha.forEach<float>([lo, hi](float& a, const int*) { a = a <= lo ? 0.0f : (a >= hi ? 1.0f : a); });
}

SingleShotMatte solveSingleShot(const cv::Mat& shot, const KnownBackground& background,
                                const CutoutParams& params) {
    CV_Assert(isLinearColour(shot) && isLinearColour(background.colour) &&
              shot.size() == background.colour.size());
    const cv::Vec3f sigma = background.noiseSigma;
    SingleShotMatte out;
    // The piece's shadow darkens the set behind and around it: the background in the shot is
    // the plate at that light (set_shadow.hpp).
    cv::Mat shadowed;
    if (background.hasPlateTexture) {
        const cv::Mat light = shadowOnSet(shot, background.colour, sigma);
        if (!light.empty()) {
            double least = 1;
            cv::minMaxLoc(light, &least);
            out.leastSetLight = float(least);
            cv::Mat light3;
            cv::merge(std::vector<cv::Mat>{light, light, light}, light3);
            shadowed = background.colour.mul(light3);
        }
    }
    const cv::Mat& B = shadowed.empty() ? background.colour : shadowed;
    const float sigmaNorm = std::sqrt(sigma.dot(sigma));
    const float minContrast = std::max(float(params.minSolvableContrast), 6.0f * sigmaNorm);

    cv::Mat diff = shot - B;
    cv::Mat diffNorm = differenceNorm(diff);

    // 1. A first alpha against the nearest strong neighbour: enough to find the pixels that
    //    might show the background (faint edges, holes, mirrors of the velvet).
    cv::Mat nearFg = strongestAcrossColour(shot, diffNorm, 1);
    cv::Mat alpha, contrast;
    projectAlpha(diff, nearFg, B, minContrast, alpha, contrast);
    cv::Mat candidates = alpha < kBackgroundLikeAlpha;

    // 2. Which of them really show the background? With a plate: the residual test. A pixel
    //    showing the plate itself differs from it by noise alone. Among the rest, a faint
    //    anti-aliased edge is explained by its small alpha; a mirrored velvet is not explained
    //    by any alpha: that is a reflection, opaque metal.
    cv::Mat faint = cv::Mat::zeros(shot.size(), CV_8UC1);  // explained by a small alpha: solved, never filled
    if (background.hasPlateTexture) {
        cv::Mat mirrorLike;
        const cv::Mat texture = plateTexture(B, sigma);
        out.verifiedBackground = plateVerifiedBackground(diff, texture, sigma, candidates, 1, &mirrorLike);
        cv::Mat undecided = candidates & (out.verifiedBackground == 0);
        // What the texture test already called a mirror is not a faint edge either.
        cv::Mat explained = plateVerifiedBackground(unexplainedResidual(diff, alpha, nearFg, B), texture, sigma,
                                                    undecided & (mirrorLike == 0), 1);
        // A mirror is part of the metal's surface: it meets the lit piece somewhere. Unexplained
        // pixels with velvet all round them are the background's own outliers (a hot pixel, a
        // fibre that moved, the plate resampled where the velvet's texture is finest), not a
        // mirror: left as background they cost nothing, kept they are opaque specks in a hole.
        out.reflections = clustersTouching(undecided & (explained == 0), candidates == 0);
        out.verifiedBackground |= undecided & (out.reflections == 0) & (explained == 0);
        faint = undecided & explained;
        // A faint pixel or two closed in on every side by surface brighter than the set is a
        // stone's facet or a metal pixel that matches the velvet by chance, not an opening: a
        // stone shows the velvet behind it, dimmed and displaced, and some 700 of a pave's
        // 100,000 stone pixels come that close to the plate. Left faint they are pin windows
        // (measured over 24 scenes: 2,200 such pixels were stone or metal, 54 a real gap).
        faint.setTo(0, faintIslands(faint, out.verifiedBackground | (candidates & (faint == 0))));
        if (!background.outsidePlate.empty()) {
            const cv::Mat unjudged = candidates & background.outsidePlate;
            out.verifiedBackground |= unjudged;
            out.reflections.setTo(0, unjudged);
        }
    } else {
        // No texture to test: only what is within noise of the modelled background.
        out.verifiedBackground = candidates & (diffNorm < 4.0f * sigmaNorm);
        out.reflections = cv::Mat::zeros(shot.size(), CV_8UC1);
    }

    // 3. How far is every pixel from background it could be mixed with? Metal edges are sharp
    //    (one pixel of mixing), soft edges up to edgeBandPx; deeper in, a pixel is opaque
    //    (stones keep their look: "preserve").
    cv::Mat distance;
    cv::distanceTransform(out.verifiedBackground == 0, distance, cv::DIST_L2, cv::DIST_MASK_5);
    cv::Mat deep = distance > float(params.edgeBandPx);
    double deepest = 0;
    cv::minMaxLoc(distance, nullptr, &deepest);
    // Soft edges only exist on bodies thick enough (see softEdgeMask): a chain's tile skips this.
    cv::Mat soft = deepest >= kSoftBodyPx ? softEdgeMask(diffNorm, distance) : cv::Mat::zeros(shot.size(), CV_8UC1);
    cv::Mat fgEstimate = rimForeground(shot, B, diffNorm, distance, nearFg, soft, minContrast);
    if (cv::countNonZero(soft) > 0) {
        cv::Mat deepWeight;
        deep.convertTo(deepWeight, CV_32F, 1.0 / 255.0);
        // The body's colour, at the light its limb has where each soft pixel lies.
        cv::Mat body = propagateColour(shot, deepWeight);
        const cv::Mat limb = limbLight(diffNorm, distance, soft, params.edgeBandPx);
        for (int y = 0; y < body.rows; ++y) {
            const float* want = limb.ptr<float>(y);
            const uchar* s = soft.ptr<uchar>(y);
            const cv::Vec3f* b = B.ptr<cv::Vec3f>(y);
            cv::Vec3f* f = body.ptr<cv::Vec3f>(y);
            for (int x = 0; x < body.cols; ++x) {
                if (!s[x] || want[x] <= 0) continue;
                const cv::Vec3f fb = f[x] - b[x];
                const float have = std::sqrt(fb.dot(fb));
                if (have > 1e-6f) f[x] = b[x] + fb * std::clamp(want[x] / have, 0.2f, 1.5f);
            }
        }
        body.copyTo(fgEstimate, soft);
    }
    projectAlpha(diff, fgEstimate, B, minContrast, alpha, contrast);

    const cv::Mat sharpInterior = (distance >= 1.5f) & (soft == 0);
    alpha.setTo(1.0f, (sharpInterior | deep) & (faint == 0));
    // A mirror is opaque metal. Where it meets verified background and the metal beside it is
    // bright enough to measure against, though, the outline crosses the pixel and its colour
    // (the velvet's, mirrored) cannot say how much: it takes the coverage typical of this
    // outline's measured boundary pixels.
    const cv::Mat boundary = (distance > 0.0f) & (distance < 1.5f);
    const cv::Mat measuredBoundary = boundary & (out.reflections == 0) & (alpha > 0.0f) & (alpha < 1.0f);
    const float typicalCoverage =
        cv::countNonZero(measuredBoundary) >= 20 ? float(cv::mean(alpha, measuredBoundary)[0]) : 0.5f;
    alpha.setTo(1.0f, out.reflections);
    alpha.setTo(typicalCoverage, out.reflections & boundary & (contrast >= minContrast));
    // Unsolvable contrast but not the background: something dark in front of it.
    alpha.setTo(1.0f, (contrast < minContrast) & (out.verifiedBackground == 0) & (faint == 0));
    if (background.hasPlateTexture) {
        // A mirror with an inside has its outline measured against the plate's fibres behind it
        // (the rule above stays for mirror wires too thin to have one), and the holes through it
        // found where the plate shows within noise and the mirror's colour is far from it.
        out.judgedOutline = cv::Mat::zeros(shot.size(), CV_8UC1);
        measureMirrorOutline(shot, B, sigma, out.reflections & boundary, out.reflections & (distance >= 1.5f), alpha,
                             fgEstimate, &out.judgedOutline);
        const cv::Mat holes = holesInMirror(shot, B, sigma, out.reflections);
        alpha.setTo(0.0f, holes);
        out.reflections.setTo(0, holes);
        out.verifiedBackground |= holes;
        // A hole's rim is the mirror's outline too.
        cv::Mat rim;
        cv::dilate(holes, rim, cv::Mat());
        rim &= out.reflections;
        measureMirrorOutline(shot, B, sigma, rim, out.reflections & (rim == 0), alpha, fgEstimate, &out.judgedOutline);
        out.judgedOutline &= alpha >= 1.0f;  // a hole's rim measured after all is no judgement
    } else {
        out.judgedOutline = cv::Mat::zeros(shot.size(), CV_8UC1);
    }

    // 4. Snap what noise alone explains (a few sigmas of alpha at this contrast).
    const float noiseAlpha = std::min(0.08f, 3.0f * sigmaNorm / std::max(minContrast, 1e-4f));
    snapToNoise(alpha, noiseAlpha);

    // 5. Straight colour, decontaminated.
    out.foreground = decontaminate(shot, B, alpha, fgEstimate);

    // 6. Confidence: measured where the plate proved the background or the pixel is solid;
    //    lower in soft edges with little contrast, lower for reflections (a judgement).
    out.lowContrast = (contrast < minContrast * 2.0f) & (alpha > 0.0f) & (alpha < 1.0f);
    out.confidence.create(alpha.size(), CV_32FC1);
    for (int y = 0; y < alpha.rows; ++y) {
        const float* a = alpha.ptr<float>(y);
        const float* c = contrast.ptr<float>(y);
        const uchar* r = out.reflections.ptr<uchar>(y);
        float* o = out.confidence.ptr<float>(y);
        for (int x = 0; x < alpha.cols; ++x) {
            if (r[x])
                o[x] = background.hasPlateTexture ? 0.75f : 0.4f;
            else if (a[x] <= 0.0f || a[x] >= 1.0f)
                o[x] = background.hasPlateTexture ? 1.0f : 0.7f;
            else
                o[x] = std::min(1.0f, c[x] / (minContrast * 4.0f));
        }
    }
    out.alpha = alpha;
    out.softEdges = soft;
    return out;
}

}  // namespace facet
