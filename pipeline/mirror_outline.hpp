#pragma once
// Where the outline of a polished patch crosses a pixel. Polished metal mirroring the velvet is
// as dark as the velvet, so brightness cannot say how much of an outline pixel it covers; but the
// patch shows an even, blurred copy of the set, while the plate behind the outline shows the
// velvet's own fibres, pixel for pixel. An outline pixel is C = a M + (1 - a) B: it follows the
// plate's fibres (and its colour, where the metal tints the mirror) by 1 - a. With M the
// patch's own colour just inside and B the plate at this very pixel, the projection
//     a = (C - B).(M - B) / |M - B|^2        (each channel weighted by its noise)
// measures the coverage to within 1 / |M - B| in noise units: where the two differ by 4 noise
// sigmas or more, to a quarter or better. Where they differ less, the pixel is taken as
// covered. A pixel with no inner patch pixel near it (a mirror wire too thin to have an inside)
// keeps what it had.
#include <opencv2/core.hpp>

namespace facet {

// For the pixels of `outline` (CV_8UC1: mirror pixels touching the background) with an inner
// patch pixel within two pixels, sets `alpha` (CV_32FC1) to the measured coverage (1 where it
// cannot be measured) and `foreground` (CV_32FC3) to the patch's colour. `patch` (CV_8UC1)
// marks the mirror pixels fully inside the patch, whose colours give M. shot, plate: linear
// CV_32FC3 of one size; sigma: per-channel sensor noise. `judged`, when given (CV_8UC1 of the
// same size), is set to 255 where the coverage could not be measured and was taken as 1.
void measureMirrorOutline(const cv::Mat& shot, const cv::Mat& plate, const cv::Vec3f& sigma, const cv::Mat& outline,
                          const cv::Mat& patch, cv::Mat& alpha, cv::Mat& foreground, cv::Mat* judged = nullptr);

// The same measurement inside a patch: a pixel that is the plate within noise, where the
// patch's own colour around it is far from the plate, is a hole through the metal (a pave's
// pierced gap, a link's hole inside a polished patch), not the mirror. The window tests cannot
// verify such a hole: every window around it is mostly mirror. Among the `mirror` pixels
// (CV_8UC1), returns those (CV_8UC1) whose residual energy is noise (at most 2 per channel) and
// whose coverage measured against the other mirror pixels within two pixels (their median
// colour M, at least 5 noise sigmas from the plate) is under a fifth.
cv::Mat holesInMirror(const cv::Mat& shot, const cv::Mat& plate, const cv::Vec3f& sigma, const cv::Mat& mirror);

}  // namespace facet
