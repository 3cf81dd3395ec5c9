// The libgphoto2 backend against the PTP/IP simulator: the real libgphoto2 (ptpip port driver,
// ptp2 camera driver) talks to facet-ptpip-sim over loopback, faults included.
#include "capture/gphoto2_camera.hpp"
#include "ptpip_simulator.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <fstream>
#include <iterator>

using namespace facet::capture;
using namespace std::chrono_literals;
using facet::test::IsolatedHome;
using facet::test::PtpIpSimulator;

namespace {

std::vector<uint8_t> readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A still the simulator puts on its card, so downloads can be compared byte for byte.
std::string writeStill(const IsolatedHome& home) {
    cv::Mat img(400, 600, CV_8UC3, cv::Scalar(10, 10, 12));
    cv::circle(img, {300, 200}, 90, cv::Scalar(40, 170, 220), 18, cv::LINE_AA);
    std::string path = home.dir() / "still.jpg";
    cv::imwrite(path, img);
    return path;
}

Gphoto2Options optionsFor(const PtpIpSimulator& sim) {
    Gphoto2Options o;
    o.model = "PTP/IP Camera";
    o.port = sim.gphotoPort();
    o.captureWatchdog = 8s;
    o.busyBackoff = 20ms;
    return o;
}

}  // namespace

TEST(Gphoto2Camera, ReadsSettingsWithTheChoicesTheCameraOffers) {
    IsolatedHome home;
    PtpIpSimulator sim;
    Gphoto2Camera camera(optionsFor(sim));
    EXPECT_EQ(camera.info().backend, "gphoto2");

    Setting iso = camera.setting(SettingKind::Iso);
    EXPECT_EQ(iso.widget, "iso");
    EXPECT_EQ(iso.value, "100");
    EXPECT_TRUE(iso.offers("400"));
    EXPECT_FALSE(iso.offers("25600"));

    // Generic PTP names aperture "f-number", not Canon's "aperture": the fallback finds it.
    Setting aperture = camera.setting(SettingKind::Aperture);
    EXPECT_EQ(aperture.widget, "f-number");
    ASSERT_TRUE(settingNumber(SettingKind::Aperture, aperture.value));
    EXPECT_DOUBLE_EQ(*settingNumber(SettingKind::Aperture, aperture.value), 8.0);

    Setting shutter = camera.setting(SettingKind::Shutter);
    EXPECT_GE(shutter.choices.size(), 5u);
    ASSERT_TRUE(settingNumber(SettingKind::Shutter, shutter.value));
    EXPECT_NEAR(*settingNumber(SettingKind::Shutter, shutter.value), 1.0 / 125, 1e-4);

    auto all = camera.settings();
    bool hasWhiteBalance = false, hasCaptureTarget = false;
    for (const auto& s : all) {
        hasWhiteBalance |= s.kind == SettingKind::WhiteBalance;
        hasCaptureTarget |= s.kind == SettingKind::CaptureTarget;
    }
    EXPECT_TRUE(hasWhiteBalance);
    EXPECT_FALSE(hasCaptureTarget);  // a generic PTP body has none: absent, not invented
    EXPECT_THROW(camera.setting(SettingKind::CaptureTarget), CameraError);
}

TEST(Gphoto2Camera, SetsASettingAndRefusesValuesTheCameraDoesNotOffer) {
    IsolatedHome home;
    PtpIpSimulator sim;
    Gphoto2Camera camera(optionsFor(sim));
    camera.set(SettingKind::Iso, "400");
    EXPECT_EQ(camera.setting(SettingKind::Iso).value, "400");
    try {
        camera.set(SettingKind::Iso, "12345");
        FAIL() << "an ISO the camera does not offer was accepted";
    } catch (const CameraError& e) {
        EXPECT_EQ(e.fault, CameraFault::InvalidValue);
        EXPECT_NE(std::string(e.what()).find("400"), std::string::npos) << "should list the choices";
    }
    EXPECT_EQ(camera.setting(SettingKind::Iso).value, "400");
}

TEST(Gphoto2Camera, LiveViewFramesAreDecodedJpegs) {
    IsolatedHome home;
    PtpIpSimulator sim;
    Gphoto2Camera camera(optionsFor(sim));
    uint64_t last = 0;
    for (int i = 0; i < 3; ++i) {
        LiveFrame f = camera.liveFrame();
        ASSERT_FALSE(f.image.empty());
        EXPECT_EQ(f.image.cols, 640);
        EXPECT_EQ(f.image.rows, 424);
        EXPECT_GT(f.sequence, last);
        last = f.sequence;
    }
}

TEST(Gphoto2Camera, CapturesDownloadsAndDeletesTheCameraCopy) {
    IsolatedHome home;
    std::string still = writeStill(home);
    PtpIpSimulator sim({"--image", still});
    Gphoto2Camera camera(optionsFor(sim));
    auto files = camera.capture();
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0].name, "IMG_0001.JPG");
    EXPECT_EQ(camera.download(files[0]), readBytes(still));
    camera.deleteFromCamera(files[0]);
    EXPECT_THROW(camera.download(files[0]), CameraError);
}

TEST(Gphoto2Camera, RawPlusJpegComesBackAsAPair) {
    IsolatedHome home;
    std::string still = writeStill(home);
    cv::Mat raw16(300, 400, CV_16UC1, cv::Scalar(1234));
    std::string raw = home.dir() / "sensor.tif";
    cv::imwrite(raw, raw16);
    PtpIpSimulator sim({"--image", still, "--raw", raw});
    Gphoto2Camera camera(optionsFor(sim));
    auto files = camera.capture();
    ASSERT_EQ(files.size(), 2u);
    std::set<std::string> names{files[0].name, files[1].name};
    EXPECT_TRUE(names.count("IMG_0001.JPG"));
    EXPECT_TRUE(names.count("IMG_0001.TIF"));
    for (const auto& f : files)
        EXPECT_EQ(camera.download(f), readBytes(f.extension() == "jpg" ? still : raw)) << f.name;
}

TEST(Gphoto2Camera, BusyCameraIsRetriedWithBackoff) {
    IsolatedHome home;
    PtpIpSimulator sim({"--fault", "busy", "--sessions", "4"});  // each refusal costs a fresh session
    Gphoto2Camera camera(optionsFor(sim));
    auto files = camera.capture();  // the body refuses twice with 0x2019, then shoots
    ASSERT_EQ(files.size(), 1u);
    EXPECT_FALSE(camera.download(files[0]).empty());
}

TEST(Gphoto2Camera, DisconnectDuringDownloadIsReportedAndTheCardCopySurvives) {
    IsolatedHome home;
    std::string still = writeStill(home);
    PtpIpSimulator sim({"--fault", "disconnect-mid-getobject", "--image", still, "--sessions", "2"});
    Gphoto2Camera camera(optionsFor(sim));
    auto files = camera.capture();
    ASSERT_EQ(files.size(), 1u);
    try {
        camera.download(files[0]);
        FAIL() << "a download cut in half was accepted";
    } catch (const CameraError& e) {
        EXPECT_EQ(e.fault, CameraFault::Disconnected) << e.what();
    }
    EXPECT_THROW(camera.liveFrame(), CameraError);  // no half-alive connection is used
    ASSERT_TRUE(camera.reopen());
    EXPECT_EQ(camera.download(files[0]), readBytes(still));  // still on the card, whole
}

TEST(Gphoto2Camera, FullCardIsReported) {
    IsolatedHome home;
    PtpIpSimulator sim({"--fault", "store-full"});
    Gphoto2Camera camera(optionsFor(sim));
    try {
        camera.capture();
        FAIL() << "a capture onto a full card succeeded";
    } catch (const CameraError& e) {
        EXPECT_EQ(e.fault, CameraFault::StoreFull) << e.what();
        EXPECT_NE(std::string(e.what()).find("full"), std::string::npos);
    }
}

TEST(Gphoto2Camera, MissingCaptureCompleteTripsTheWatchdog) {
    IsolatedHome home;
    PtpIpSimulator sim({"--fault", "no-capture-complete"});
    auto options = optionsFor(sim);
    options.captureWatchdog = 1500ms;
    Gphoto2Camera camera(options);
    auto started = std::chrono::steady_clock::now();
    try {
        camera.capture();
        FAIL() << "a capture without CaptureComplete returned files";
    } catch (const CameraError& e) {
        EXPECT_EQ(e.fault, CameraFault::Hung) << e.what();
    }
    EXPECT_LT(std::chrono::steady_clock::now() - started, 20s) << "the watchdog did not fire";
    try {
        camera.setting(SettingKind::Iso);
        FAIL() << "the abandoned connection was used again";
    } catch (const CameraError& e) {
        EXPECT_EQ(e.fault, CameraFault::Disconnected);
    }
}

TEST(Gphoto2Camera, SlowCameraStillDelivers) {
    IsolatedHome home;
    std::string still = writeStill(home);
    PtpIpSimulator sim({"--fault", "slow", "--image", still});
    Gphoto2Camera camera(optionsFor(sim));
    auto files = camera.capture();
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(camera.download(files[0]), readBytes(still));
}

TEST(Gphoto2Camera, ShotsFromTheBodyArriveAsEvents) {
    IsolatedHome home;
    PtpIpSimulator sim;
    Gphoto2Camera camera(optionsFor(sim));
    EXPECT_TRUE(camera.waitForBodyShots(100ms).empty());
    sim.pressBodyShutter();
    auto files = camera.waitForBodyShots(3s);
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0].extension(), "jpg");
    EXPECT_FALSE(camera.download(files[0]).empty());
}

// The gphoto2 command-line tool as a second client of the same simulated body. It exits 0 even
// when it failed, so its output is what is checked.
TEST(Gphoto2Camera, TheGphoto2ToolSeesWhatWeSet) {
    IsolatedHome home;
    std::string still = writeStill(home);
    PtpIpSimulator sim({"--image", still, "--sessions", "3"});
    {
        Gphoto2Camera camera(optionsFor(sim));
        camera.set(SettingKind::Iso, "800");
    }
    std::string cli = "cd " + home.dir().path().string() + " && HOME=" + home.dir().path().string() +
                      " timeout -s KILL 30 gphoto2 --camera 'PTP/IP Camera' --port " + sim.gphotoPort();
    auto config = facet::test::run(cli + " --get-config iso");
    EXPECT_NE(config.output.find("Current: 800"), std::string::npos) << config.output;

    auto shot = facet::test::run(cli + " --capture-image-and-download --filename cli_%n.jpg");
    EXPECT_NE(shot.output.find("Saving file as cli_"), std::string::npos) << shot.output;
    EXPECT_EQ(shot.output.find("ERROR"), std::string::npos) << shot.output;
    EXPECT_EQ(readBytes(home.dir() / "cli_1.jpg"), readBytes(still));
}
