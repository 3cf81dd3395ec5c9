#include "pipeline/image.hpp"

namespace facet {

cv::Mat luminance(const cv::Mat& linearBgr) {
    CV_Assert(isLinearColour(linearBgr));
    cv::Mat y;
    cv::transform(linearBgr, y, cv::Matx13f(0.0722f, 0.7152f, 0.2126f));
    return y;
}

}  // namespace facet
