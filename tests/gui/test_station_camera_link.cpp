// The camera link on capture's simulated studio camera: live frames arrive paced, a capture lands
// on disk, an unplugged cable refuses captures with the reason and the link comes back by itself.
#include "capture/simulated_studio_camera.hpp"
#include "gui/station_camera_link.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <deque>

#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>

using namespace facet::station;
using facet::test::waitFor;

namespace {

std::unique_ptr<StationCamera> smallStudio() {
    facet::capture::StudioSimulationOptions o;
    o.liveSize = {320, 212};
    o.captureSize = {480, 320};
    return linkCamera(std::make_unique<facet::capture::SimulatedStudioCamera>(o));
}

// A camera's capture outcomes one at a time, in the order reported (one take may hold several).
class Outcomes {
public:
    explicit Outcomes(StationCamera& camera) : camera_(camera) {}
    CaptureOutcome next() {
        waitFor([&] {
            for (auto& o : camera_.takeFinishedCaptures()) pending_.push_back(o);
            return !pending_.empty();
        });
        if (pending_.empty()) return CaptureOutcome{};
        CaptureOutcome o = pending_.front();
        pending_.pop_front();
        return o;
    }

private:
    StationCamera& camera_;
    std::deque<CaptureOutcome> pending_;
};

}  // namespace

TEST(StationCameraLink, DeliversLiveFramesAndTheCamerasSettings) {
    auto camera = smallStudio();
    ASSERT_TRUE(waitFor([&] { auto f = camera->newestFrame(); return f && f->number >= 3; }));
    const auto frame = camera->newestFrame();
    EXPECT_EQ(frame->bgr.size(), cv::Size(320, 212));
    EXPECT_EQ(frame->bgr.type(), CV_8UC3);
    EXPECT_EQ(camera->status().state, CameraState::Live);
    bool iso = false;
    for (const auto& s : camera->settings())
        if (s.name == "iso") iso = !s.choices.empty();
    EXPECT_TRUE(iso);
}

TEST(StationCameraLink, PutsACaptureOnDiskBeforeReportingIt) {
    facet::test::TempDir dir;
    auto camera = smallStudio();
    camera->changeSetting("image-format", "RAW+JPEG");
    camera->capture({7, ShotRole::Shot, dir.path().string(), "shot-0007"});
    // The JPEG of the pair comes first, on disk, so a preview can start while the RAW comes over.
    Outcomes outcomes(*camera);
    const CaptureOutcome jpeg = outcomes.next();
    ASSERT_TRUE(jpeg.ok) << jpeg.message;
    EXPECT_TRUE(jpeg.previewOnly);
    EXPECT_EQ(jpeg.id, 7u);
    EXPECT_TRUE(jpeg.path.empty());
    EXPECT_EQ(std::filesystem::path(jpeg.previewPath).extension(), ".jpg");
    EXPECT_TRUE(std::filesystem::exists(jpeg.previewPath));
    const CaptureOutcome out = outcomes.next();
    ASSERT_TRUE(out.ok) << out.message;
    EXPECT_FALSE(out.previewOnly);
    EXPECT_EQ(out.previewPath, jpeg.previewPath);
    EXPECT_EQ(out.id, 7u);
    EXPECT_TRUE(std::filesystem::exists(out.path));
    EXPECT_NE(out.path.find("shot-0007"), std::string::npos);
    EXPECT_EQ(std::filesystem::path(out.path).extension(), ".tif");  // the lossless file over the JPEG
}

TEST(StationCameraLink, UnpluggedRefusesCapturesWithTheReasonAndComesBack) {
    facet::test::TempDir dir;
    auto camera = smallStudio();
    ASSERT_TRUE(waitFor([&] { return camera->newestFrame() != nullptr; }));
    std::string why;
    ASSERT_TRUE(camera->simulate("unplug", why));
    ASSERT_TRUE(waitFor([&] { return camera->status().state == CameraState::Unplugged; }));
    EXPECT_NE(camera->status().message.find("plug it back in"), std::string::npos);
    camera->capture({1, ShotRole::Shot, dir.path().string(), "shot-0001"});
    const CaptureOutcome refused = Outcomes(*camera).next();
    EXPECT_FALSE(refused.ok);
    EXPECT_NE(refused.message.find("unplugged"), std::string::npos) << refused.message;
    ASSERT_TRUE(camera->simulate("replug", why));
    ASSERT_TRUE(waitFor([&] { return camera->status().state == CameraState::Live; }, 10));
}

TEST(StationCameraLink, ARealCameraThatIsNotThereIsReportedNotThrown) {
    auto camera = openStationCamera("PTP/IP Camera", "ptpip:127.0.0.1:1:1");
    const CameraStatus s = camera->status();
    EXPECT_EQ(s.state, CameraState::Failed);
    EXPECT_NE(s.message.find("ptpip:127.0.0.1:1:1"), std::string::npos) << s.message;
    EXPECT_EQ(camera->newestFrame(), nullptr);
}
