#pragma once
// Where does the shot show the background itself? The plate answers pixel for pixel: a real
// hole shows the velvet's own fibre texture, so the shot minus the plate is pure sensor noise.
// Polished metal mirroring the velvet shows a blurred, displaced, tinted image of it: dark like
// the background, but its residual is structured. This file holds that test and the noise
// model it is measured against.
#include <opencv2/core.hpp>

namespace facet {

// Per-channel standard deviation of (shot - background) over pixels known to be background
// (mask CV_8UC1; empty = all pixels), robust (MAD) so stray foreground does not inflate it.
cv::Vec3f residualNoiseSigma(const cv::Mat& residual, const cv::Mat& backgroundMask);

// Brightness in noise units: the three channels summed with their noise weights (CV_32FC1;
// its noise has unit variance). The velvet's texture is the same in all three channels and the
// noise is not, so this is where the plate's fibres stand out most clearly from the noise.
cv::Mat noiseUnitLuminance(const cv::Mat& colour, const cv::Vec3f& sigma);

// The plate's fibre texture: its brightness (noise-weighted over the channels, in noise units)
// about its local level. The texture test's reference; made once per plate (CV_32FC1).
cv::Mat plateTexture(const cv::Mat& plate, const cv::Vec3f& sigma);

// Among `candidates` (pixels that look like background by brightness, CV_8UC1), those that
// show the plate itself: their residual (shot - plate, CV_32FC3) is sensor noise of `sigma`.
//   seeds: in a window (5x5 with one outlier allowed, or 3x3 with none), most candidates are individually plausible (their own energy is noise),
//          and together they are noise: mean energy near 1 AND mean residual near 0 (a mirror
//          of the velvet is dimmer or tinted: a bias that averaging reveals even where each
//          pixel alone could pass) AND, where the plate has texture enough to tell (`texture`,
//          from plateTexture), the shot follows the plate's fibres pixel for pixel rather than
//          an even level (a mirror is a blurred, displaced copy of the velvet);
//   growth: from the seeds, individually plausible candidates that do not look like an even
//          mirror join, up to `growPx` away (a hole's rim beside a mirror keeps its pixels; a
//          mirror's chance-plausible pixels are never far from its implausible ones);
//   openings: a cluster of candidates (8-connected) with some pixel verified and every pixel
//          plausible on its own is verified whole when its mean residual is near 0 (a gap in a
//          pave, too small for the windows, closed in by lit metal on every side).
// Returns a CV_8UC1 mask; `mirrorLike`, when given, receives the candidates whose window the
// texture test judged an even mirror rather than the plate.
cv::Mat plateVerifiedBackground(const cv::Mat& residual, const cv::Mat& texture, const cv::Vec3f& sigma,
                                const cv::Mat& candidates, int growPx = 1,
                                cv::Mat* mirrorLike = nullptr);

}  // namespace facet
