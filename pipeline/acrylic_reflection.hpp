#pragma once
// Dark acrylic mirrors the piece below its contact line. The plate was shot without the piece,
// so it holds no mirror image and the plate difference calls the reflection foreground; it is
// background. The reflection is the piece flipped about the contact line: find that line as the
// row about which the matte best matches its own mirror image, and clear the mirrored part.
#include <opencv2/core.hpp>

namespace facet {

struct AcrylicReflection {
    int contactRow = -1;     // image row of the contact line (-1: no reflection found)
    double match = 0;        // IoU of the flipped piece with the matte below the line
    cv::Mat mirrored;        // CV_8UC1, pixels cleared as reflection
};

// Finds the reflection in `alpha` (CV_32FC1) and sets it to 0 in place. `signal` (CV_32FC1):
// how much light each pixel adds over the background (luminance of shot - background).
AcrylicReflection removeAcrylicReflection(cv::Mat& alpha, const cv::Mat& signal);

}  // namespace facet
