#include "calibration/grey_card.hpp"

#include "pipeline/errors.hpp"
#include "pipeline/image.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace facet {

namespace {

double medianOf(std::vector<float>& v) {
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
}

std::string describe(const cv::Rect& r) {
    std::ostringstream o;
    o << r.width << "x" << r.height << "+" << r.x << "+" << r.y;
    return o.str();
}

}  // namespace

GreyCardReading measureGreyCard(const cv::Mat& linearBgr, const cv::Rect& region, const std::string& file) {
    if (!isLinearColour(linearBgr)) throw InputError(file + ": not a colour image");
    const cv::Rect frame(0, 0, linearBgr.cols, linearBgr.rows);
    if ((region & frame) != region || region.area() == 0)
        throw InputError(file + ": the grey card region " + describe(region) + " is not inside the " +
                         std::to_string(frame.width) + "x" + std::to_string(frame.height) + " image");
    if (region.area() < 100)
        throw InputError(file + ": the grey card region " + describe(region) +
                         " is smaller than 10x10 px; give more of the card");
    cv::Mat card = linearBgr(region);
    std::vector<float> channel[3], luma;
    int clipped = 0;
    for (int y = 0; y < card.rows; ++y) {
        const cv::Vec3f* row = card.ptr<cv::Vec3f>(y);
        for (int x = 0; x < card.cols; ++x) {
            const cv::Vec3f p = row[x];
            for (int c = 0; c < 3; ++c) channel[c].push_back(p[c]);
            luma.push_back(0.0722f * p[0] + 0.7152f * p[1] + 0.2126f * p[2]);
            clipped += (p[0] >= 0.99f || p[1] >= 0.99f || p[2] >= 0.99f);
        }
    }
    GreyCardReading reading;
    reading.clippedFraction = static_cast<double>(clipped) / region.area();
    // OpenCV holds B, G, R; the reading is R, G, B.
    reading.meanRgb = cv::Vec3d(medianOf(channel[2]), medianOf(channel[1]), medianOf(channel[0]));
    cv::Scalar mean, sd;
    cv::meanStdDev(luma, mean, sd);
    reading.unevenness = mean[0] > 0 ? sd[0] / mean[0] : 1;

    if (reading.clippedFraction > 0.01)
        throw InputError(file + ": the grey card is clipped in " + std::to_string(int(reading.clippedFraction * 100)) +
                         " % of the region; expose about a stop darker and shoot it again");
    if (reading.meanRgb[1] < 0.01)
        throw InputError(file + ": the grey card region is nearly black (is the card in the region " + describe(region) +
                         "?); expose so the card sits in the middle of the histogram");
    if (reading.unevenness > 0.1)
        throw InputError(file + ": the grey card region varies by " + std::to_string(int(reading.unevenness * 100)) +
                         " %: it is unevenly lit or the region covers something else; choose an evenly lit part of the card");
    reading.gains = cv::Vec3d(reading.meanRgb[1] / reading.meanRgb[0], 1.0, reading.meanRgb[1] / reading.meanRgb[2]);
    return reading;
}

cv::Mat applyWhiteBalance(const cv::Mat& linearBgr, const cv::Vec3d& gainsRgb) {
    CV_Assert(isLinearColour(linearBgr));
    cv::Mat out;
    cv::multiply(linearBgr, cv::Scalar(gainsRgb[2], gainsRgb[1], gainsRgb[0]), out);
    return out;
}

}  // namespace facet
