#include "pipeline/image.hpp"

namespace facet {

cv::Mat luminance(const cv::Mat& linearBgr) {
    CV_Assert(isLinearColour(linearBgr));
    cv::Mat y;
    cv::transform(linearBgr, y, cv::Matx13f(0.0722f, 0.7152f, 0.2126f));
    return y;
}

const cv::Vec3f* plateRow(const cv::Mat& plate, int y, std::vector<cv::Vec3f>& scratch) {
    if (plate.type() == CV_32FC3) return plate.ptr<cv::Vec3f>(y);
    CV_Assert(plate.type() == CV_16FC3);
    scratch.resize(size_t(plate.cols));
    cv::Mat out(1, plate.cols, CV_32FC3, scratch.data());
    plate.row(y).convertTo(out, CV_32F);
    return scratch.data();
}

cv::Mat plateRegion(const cv::Mat& plate, const cv::Rect& r) {
    if (plate.type() == CV_32FC3) return plate(r);
    CV_Assert(plate.type() == CV_16FC3);
    cv::Mat out;
    plate(r).convertTo(out, CV_32F);
    return out;
}

cv::Mat halfPrecisionPlate(const cv::Mat& linear) {
    CV_Assert(isLinearColour(linear));
    cv::Mat half;
    linear.convertTo(half, CV_16F);
    return half;
}

}  // namespace facet
