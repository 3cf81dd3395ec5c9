#include "pipeline/srgb.hpp"

#include <gtest/gtest.h>

using namespace facet;

TEST(Srgb, KnownPointsOfTheCurve) {
    EXPECT_NEAR(srgbDecode(0.0f), 0.0f, 1e-7);
    EXPECT_NEAR(srgbDecode(1.0f), 1.0f, 1e-6);
    EXPECT_NEAR(srgbDecode(0.5f), 0.21404f, 1e-4);   // mid grey 128 is ~21 % linear
    EXPECT_NEAR(srgbEncode(0.18f), 0.46135f, 1e-4);  // 18 % grey card
}

TEST(Srgb, SixteenBitRoundTripIsExact) {
    cv::Mat enc(1, 65536, CV_16UC1);
    for (int i = 0; i < 65536; ++i) enc.at<uint16_t>(0, i) = uint16_t(i);
    cv::Mat lin = srgbToLinear(enc);
    ASSERT_EQ(lin.type(), CV_32FC3);
    cv::Mat back = linearToSrgb(lin, CV_16U);
    cv::Mat b1;
    cv::extractChannel(back, b1, 0);
    double maxDiff = cv::norm(b1, enc, cv::NORM_INF);
    EXPECT_LE(maxDiff, 2.0);  // the velvet's deep shadows survive a round trip
}

TEST(Srgb, EightBitRoundTripIsExact) {
    cv::Mat enc(1, 256, CV_8UC3);
    for (int i = 0; i < 256; ++i) enc.at<cv::Vec3b>(0, i) = cv::Vec3b(i, 255 - i, i / 2);
    cv::Mat back = linearToSrgb(srgbToLinear(enc), CV_8U);
    EXPECT_EQ(cv::norm(back, enc, cv::NORM_INF), 0.0);
}
