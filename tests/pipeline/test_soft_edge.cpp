#include "pipeline/soft_edge.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include <cmath>

using namespace facet;

namespace {

// A round body of radius R on the background: every pixel's distance from the background
// (as the matte measures it) and its light following Minnaert's law, I0 mu^k.
struct RoundBody {
    cv::Mat distance, light;
};

RoundBody roundBody(cv::Size size, cv::Point2f centre, float radius, float i0, float k) {
    RoundBody b;
    cv::Mat inside(size, CV_8UC1, cv::Scalar(0));
    cv::circle(inside, cv::Point(cvRound(centre.x), cvRound(centre.y)), cvRound(radius), 255, -1);
    cv::distanceTransform(inside, b.distance, cv::DIST_L2, cv::DIST_MASK_5);
    b.light = cv::Mat::zeros(size, CV_32FC1);
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x) {
            const float r = std::hypot(x - centre.x, y - centre.y) / radius;
            if (r < 1) b.light.at<float>(y, x) = i0 * std::pow(std::sqrt(1 - r * r), k);
        }
    return b;
}

}  // namespace

// A pearl darkens towards its limb. Fitted on its opaque layers just inside the soft band, the
// light carried out to the band follows the limb to within 6 %, where the body's own colour
// just inside the band is too bright by about a sixth.
TEST(SoftEdge, LimbLightFollowsTheBodysDarkeningIntoItsSoftBand) {
    const RoundBody b = roundBody({80, 80}, {40.0f, 40.0f}, 18.0f, 0.4f, 0.5f);
    const cv::Mat soft = (b.distance > 0.0f) & (b.distance <= 4.0f);
    const cv::Mat light = limbLight(b.light, b.distance, soft, 4);
    double error = 0, deepError = 0;
    int n = 0;
    const float deep = cv::mean(b.light, (b.distance >= 4.5f) & (b.distance < 5.5f))[0];
    for (int y = 0; y < soft.rows; ++y)
        for (int x = 0; x < soft.cols; ++x) {
            if (!soft.at<uchar>(y, x)) {
                EXPECT_EQ(light.at<float>(y, x), -1.0f);
                continue;
            }
            const float truth = b.light.at<float>(y, x);
            if (b.distance.at<float>(y, x) < 1.5f) continue;  // the outline pixel: where its centre is, roughly
            ASSERT_GT(light.at<float>(y, x), 0.0f);
            error += std::abs(light.at<float>(y, x) - truth) / truth;
            deepError += std::abs(deep - truth) / truth;
            ++n;
        }
    ASSERT_GT(n, 200);
    EXPECT_LT(error / n, 0.06);
    EXPECT_LT(error, 0.4 * deepError);
}

// A body that brightens towards its edge (a highlight beside the band) is no limb: nothing is
// darkened.
TEST(SoftEdge, NoDarkeningWhereTheBodyBrightensOutwards) {
    RoundBody b = roundBody({80, 80}, {40.0f, 40.0f}, 18.0f, 0.4f, 0.5f);
    cv::Mat flipped = 0.5f - b.light;
    flipped.setTo(0, b.distance <= 0.0f);
    const cv::Mat soft = (b.distance > 0.0f) & (b.distance <= 4.0f);
    const cv::Mat light = limbLight(flipped, b.distance, soft, 4);
    const float deep = cv::mean(flipped, (b.distance >= 4.5f) & (b.distance < 7.5f))[0];
    double lowest = 1;
    cv::minMaxLoc(light, nullptr, nullptr);
    cv::minMaxLoc(light, &lowest, nullptr, nullptr, nullptr, soft);
    EXPECT_GT(lowest, 0.9 * deep);
}
