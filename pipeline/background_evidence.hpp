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

// Per-pixel squared residual in noise units, averaged over channels: ~1 where the shot shows
// the background (CV_32FC1).
cv::Mat normalisedResidualEnergy(const cv::Mat& residual, const cv::Vec3f& sigma);

// Among `candidates` (pixels that look like background by brightness, CV_8UC1), those that
// show the plate itself. Two steps, so a hole beside a mirror-polished surface keeps its rim:
//   seeds: the residual energy averaged over candidate neighbours (a window) is noise;
//   growth: from the seeds, candidate pixels whose own energy is plausible noise join, up to
//           `growPx` away (a mirror's pixels are rarely plate-like one by one, and never far).
// Returns a CV_8UC1 mask.
cv::Mat plateVerifiedBackground(const cv::Mat& energy, const cv::Mat& candidates, double threshold,
                                int window = 5, int growPx = 3);

}  // namespace facet
