#include "pipeline/zero_image.hpp"

#include <gtest/gtest.h>

using namespace facet;

TEST(ZeroImage, LargeAndSmallImagesStartAtZeroAndBehaveAsMats) {
    for (cv::Size size : {cv::Size(10, 10), cv::Size(2000, 1500)}) {
        cv::Mat m = zeroImage(size, CV_32FC3);
        ASSERT_EQ(m.size(), size);
        ASSERT_EQ(m.type(), CV_32FC3);
        EXPECT_EQ(cv::countNonZero(m.reshape(1)), 0);
        m(cv::Rect(3, 4, 5, 6)).setTo(cv::Scalar::all(1));
        EXPECT_EQ(cv::countNonZero(m.reshape(1)), 5 * 6 * 3);
        cv::Mat copy = m;  // shared, released once, by the allocator that made it
        m.release();
        EXPECT_EQ(copy.at<cv::Vec3f>(4, 3)[0], 1.0f);
    }
}
