#include "capture/simulated_studio_camera.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using namespace facet::capture;

namespace {

StudioSimulationOptions small() {
    StudioSimulationOptions o;
    o.captureSize = {480, 320};
    o.liveSize = {480, 320};
    o.captureSupersample = 1;
    return o;
}

double meanLevel(const cv::Mat& linear) { return cv::mean(linear)[1]; }

// Noise of the background: std of a frame minus a second frame of the same set, over sqrt(2).
double noiseLevel(SimulatedStudioCamera& cam) {
    cv::Mat a = cam.exposeLinear(false), b = cam.exposeLinear(false);
    cv::Scalar mean, sd;
    cv::meanStdDev(a - b, mean, sd);
    return sd[1] / std::sqrt(2.0);
}

double sharpness(const cv::Mat& linear) {
    cv::Mat grey, lap;
    cv::cvtColor(linear, grey, cv::COLOR_BGR2GRAY);
    cv::GaussianBlur(grey, grey, {3, 3}, 0.7);  // look at the piece's edges, not the pixel noise
    cv::Laplacian(grey, lap, CV_32F);
    cv::Scalar mean, sd;
    cv::meanStdDev(lap, mean, sd);
    return sd[0];
}

}  // namespace

TEST(SimulatedStudioCamera, OffersSettingsWithChoicesAndRefusesOthers) {
    SimulatedStudioCamera cam(small());
    EXPECT_TRUE(cam.setting(SettingKind::Iso).offers("400"));
    EXPECT_TRUE(cam.setting(SettingKind::ImageFormat).offers("RAW+JPEG"));
    ASSERT_TRUE(cam.setting(SettingKind::Focus).range.has_value());
    EXPECT_THROW(cam.set(SettingKind::Iso, "123"), CameraError);
    EXPECT_THROW(cam.set(SettingKind::Focus, "150"), CameraError);
    cam.set(SettingKind::Iso, "400");
    EXPECT_EQ(cam.setting(SettingKind::Iso).value, "400");
}

TEST(SimulatedStudioCamera, ShutterAndIsoChangeBrightnessAndNoise) {
    SimulatedStudioCamera cam(small());
    const double base = meanLevel(cam.exposeLinear(false));
    const double baseNoise = noiseLevel(cam);
    cam.set(SettingKind::Shutter, "1/60");
    EXPECT_NEAR(meanLevel(cam.exposeLinear(false)) / base, 125.0 / 60.0, 0.1);
    cam.set(SettingKind::Shutter, "1/250");
    cam.set(SettingKind::Iso, "400");  // same exposure as 1/125 at ISO 200: twice the base
    EXPECT_NEAR(meanLevel(cam.exposeLinear(false)) / base, 2.0, 0.1);
    EXPECT_GT(noiseLevel(cam), baseNoise * 1.5) << "higher ISO must be noisier at the same picture";
}

TEST(SimulatedStudioCamera, FocusAndApertureChangeTheBlur) {
    SimulatedStudioCamera cam(small());
    const double focused = sharpness(cam.exposeLinear(false));
    cam.set(SettingKind::Focus, "90");
    const double defocused = sharpness(cam.exposeLinear(false));
    EXPECT_LT(defocused, focused * 0.8);
    cam.set(SettingKind::Aperture, "f/22");  // more depth of field: the same focus error blurs less
    cam.set(SettingKind::Shutter, "1/30");   // two stops down, two stops longer: the same exposure
    EXPECT_GT(sharpness(cam.exposeLinear(false)), defocused);
}

TEST(SimulatedStudioCamera, WhiteBalanceAndBacklightChangeTheFrame) {
    SimulatedStudioCamera cam(small());
    cv::Scalar flash = cv::mean(cam.exposeLinear(false));
    cam.set(SettingKind::WhiteBalance, "tungsten");
    cv::Scalar tungsten = cv::mean(cam.exposeLinear(false));
    EXPECT_GT(tungsten[0] / tungsten[2], 1.5 * flash[0] / flash[2]) << "a tungsten preset under flash turns blue";
    cam.set(SettingKind::WhiteBalance, "flash");
    cam.set(SettingKind::Backlight, "on");
    EXPECT_GT(meanLevel(cam.exposeLinear(false)), 3 * flash[1]) << "the lit support shines through the set";
}

TEST(SimulatedStudioCamera, CapturesRawPlusJpegAndKeepsThemUntilDeleted) {
    SimulatedStudioCamera cam(small());
    cam.set(SettingKind::ImageFormat, "RAW+JPEG");
    auto files = cam.capture();
    ASSERT_EQ(files.size(), 2u);
    cv::Mat raw = cv::imdecode(cam.download(files[0]), cv::IMREAD_UNCHANGED);
    cv::Mat jpg = cv::imdecode(cam.download(files[1]), cv::IMREAD_UNCHANGED);
    EXPECT_EQ(raw.depth(), CV_16U);
    EXPECT_EQ(jpg.depth(), CV_8U);
    EXPECT_EQ(jpg.size(), cv::Size(480, 320));
    cam.deleteFromCamera(files[1]);
    EXPECT_THROW(cam.download(files[1]), CameraError);
    EXPECT_NO_THROW(cam.download(files[0]));
}

TEST(SimulatedStudioCamera, LiveFramesCarryFreshNoise) {
    SimulatedStudioCamera cam(small());
    LiveFrame a = cam.liveFrame(), b = cam.liveFrame();
    EXPECT_GT(b.sequence, a.sequence);
    EXPECT_EQ(a.image.size(), cv::Size(480, 320));
    EXPECT_GT(cv::norm(a.image, b.image, cv::NORM_L1), 0.0);
    EXPECT_EQ(a.jpeg[0], 0xFF);
}

TEST(SimulatedStudioCamera, TheBodyButtonMakesAShot) {
    SimulatedStudioCamera cam(small());
    EXPECT_TRUE(cam.waitForBodyShots(std::chrono::milliseconds(20)).empty());
    cam.pressShutterButton();
    auto shots = cam.waitForBodyShots(std::chrono::milliseconds(20));
    ASSERT_EQ(shots.size(), 1u);
    EXPECT_FALSE(cam.download(shots[0]).empty());
}
