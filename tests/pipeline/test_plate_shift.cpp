#include "pipeline/plate_shift.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

using namespace facet;

// The shift is cv::warpAffine's bicubic, value for value, inside the image and at its borders,
// for shifts on and between the 1/32 px steps, positive and negative, with and without a gain.
TEST(PlateShift, IsWarpAffineBicubicExactly) {
    cv::Mat src(67, 91, CV_32FC3);
    cv::RNG rng(3);
    rng.fill(src, cv::RNG::UNIFORM, 0.0, 1.0);
    const double offsets[] = {0.0, 1.3, -0.8, 2.015625, -1.49999, 0.515625, 7.77, -5.03125, 0.03, 30.2};
    int n = 0;
    for (double ox : offsets)
        for (double oy : offsets)
            for (const cv::Rect roi : {cv::Rect(0, 0, 91, 67), cv::Rect(10, 20, 40, 30), cv::Rect(-3, 50, 60, 25)}) {
                const double x0 = roi.x + ox, y0 = roi.y + oy;
                const float gain = (n++ % 2) ? 1.0f : 0.97f;
                cv::Mat expected;
                cv::warpAffine(src, expected, cv::Matx23d(1, 0, x0, 0, 1, y0), roi.size(),
                               cv::INTER_CUBIC | cv::WARP_INVERSE_MAP, cv::BORDER_REFLECT);
                if (gain != 1.0f) expected *= double(gain);
                cv::Mat got;
                shiftBicubic(src, x0, y0, gain, roi.size(), got);
                ASSERT_EQ(cv::norm(got, expected, cv::NORM_INF), 0.0) << "offset " << x0 << ", " << y0;
            }
}
