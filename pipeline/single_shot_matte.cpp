#include "pipeline/single_shot_matte.hpp"

#include "pipeline/background_evidence.hpp"
#include "pipeline/foreground_estimation.hpp"
#include "pipeline/image.hpp"

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace facet {

namespace {

constexpr float kBackgroundLikeAlpha = 0.15f;  // below this a pixel is a hole/reflection candidate
constexpr double kPlateEnergyThreshold = 1.5;  // mean noise-normalised energy still called noise

// Pixels that are surely the piece itself, at full coverage: well above the noise and at the
// local peak of their neighbourhood's difference from the background (a 2 px wire's centre is
// brighter than its anti-aliased sides). Their colour seeds the foreground estimate.
cv::Mat opaqueSeeds(const cv::Mat& diffNorm, float minDiff) {
    cv::Mat localMax;
    cv::dilate(diffNorm, localMax, cv::getStructuringElement(cv::MORPH_RECT, {7, 7}));
    cv::Mat w(diffNorm.size(), CV_32FC1);
    for (int y = 0; y < diffNorm.rows; ++y) {
        const float* d = diffNorm.ptr<float>(y);
        const float* m = localMax.ptr<float>(y);
        float* o = w.ptr<float>(y);
        for (int x = 0; x < diffNorm.cols; ++x) o[x] = (d[x] > minDiff && d[x] >= 0.85f * m[x]) ? 1.f : 0.f;
    }
    return w;
}

// a = (C - B).(F - B) / |F - B|^2 per pixel, clamped; also |F - B| for the confidence.
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
            if (c[x] < minContrast) {
                // Foreground as dark as the background: the projection is meaningless; judge
                // by how far the pixel is from the background at all.
                const float dn = std::sqrt(d[x].dot(d[x]));
                a[x] = std::min(1.0f, dn / minContrast);
                continue;
            }
            a[x] = std::clamp(d[x].dot(fb) / n2, 0.0f, 1.0f);
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
    const cv::Mat& B = background.colour;
    const cv::Vec3f sigma = background.noiseSigma;
    const float sigmaNorm = std::sqrt(sigma.dot(sigma));
    SingleShotMatte out;

    cv::Mat diff = shot - B;
    cv::Mat diffNorm;
    {
        cv::Mat sq = diff.mul(diff);
        cv::transform(sq, diffNorm, cv::Matx13f(1, 1, 1));
        cv::sqrt(diffNorm, diffNorm);
    }

    // 1. Foreground colour from the surely-opaque pixels, spread to their surroundings.
    cv::Mat seeds = opaqueSeeds(diffNorm, 20.0f * sigmaNorm + float(params.minSolvableContrast));
    cv::Mat fgEstimate = propagateColour(shot, seeds);

    // 2. Alpha along the foreground direction.
    cv::Mat alpha, contrast;
    const float minContrast = std::max(float(params.minSolvableContrast), 6.0f * sigmaNorm);
    projectAlpha(diff, fgEstimate, B, minContrast, alpha, contrast);

    // 3. Which dark pixels really show the background? With a plate: the residual test, on
    //    what the alpha model leaves unexplained (a faint anti-aliased edge is explained by its
    //    small alpha; a mirrored velvet is not explained by any alpha).
    cv::Mat candidates = alpha < kBackgroundLikeAlpha;
    if (background.hasPlateTexture) {
        cv::Mat energy = normalisedResidualEnergy(unexplainedResidual(diff, alpha, fgEstimate, B), sigma);
        out.verifiedBackground = plateVerifiedBackground(energy, candidates, kPlateEnergyThreshold);
    } else {
        out.verifiedBackground = candidates;
    }
    out.reflections = candidates & (out.verifiedBackground == 0);

    // 4. Physical edges are narrow: deep inside, away from verified background, it is opaque.
    //    Reflections are opaque metal wherever they are.
    fillInterior(alpha, out.verifiedBackground, params.edgeBandPx);
    alpha.setTo(1.0f, out.reflections);
    alpha.setTo(0.0f, out.verifiedBackground & (alpha < kBackgroundLikeAlpha));

    // 5. Snap what noise alone explains (a few sigmas of alpha at this contrast).
    const float noiseAlpha = std::min(0.08f, 3.0f * sigmaNorm / std::max(minContrast, 1e-4f));
    snapToNoise(alpha, noiseAlpha);

    // 6. Straight colour, decontaminated.
    out.foreground = decontaminate(shot, B, alpha, fgEstimate);

    // 7. Confidence: measured where the plate proved the background or the pixel is solid;
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
    return out;
}

}  // namespace facet
