#include "capture/camera_thread.hpp"
#include "capture/capture_session.hpp"
#include "capture/gphoto2_camera.hpp"
#include "capture/simulated_studio_camera.hpp"
#include "pipeline/errors.hpp"
#include "ptpip_simulator.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

using namespace facet::capture;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

StudioSimulationOptions small() {
    StudioSimulationOptions o;
    o.captureSize = {400, 260};
    o.liveSize = {400, 260};
    o.captureSupersample = 1;
    return o;
}

// A camera that counts deletions, to see that nothing is deleted before it is kept.
class WatchedCamera : public SimulatedStudioCamera {
public:
    using SimulatedStudioCamera::SimulatedStudioCamera;
    void deleteFromCamera(const CameraFileRef& f) override {
        deleted++;
        SimulatedStudioCamera::deleteFromCamera(f);
    }
    std::atomic<int> deleted{0};
};

template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds within = 5s) {
    auto end = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < end) {
        if (pred()) return true;
        std::this_thread::sleep_for(5ms);
    }
    return pred();
}

}  // namespace

TEST(CameraThread, PublishesTheNewestLiveFrame) {
    facet::test::TempDir dir;
    CaptureSession session({dir / "c", "c", "s", "{collection}_{seq}.{ext}", ""});
    CameraThread thread(std::make_unique<SimulatedStudioCamera>(small()), session.keeper());
    EXPECT_EQ(thread.newestFrame(), nullptr);
    thread.setLiveView(true);
    ASSERT_TRUE(eventually([&] { return thread.newestFrame() && thread.newestFrame()->sequence >= 3; }));
    auto first = thread.newestFrame();
    ASSERT_TRUE(eventually([&] { return thread.newestFrame()->sequence > first->sequence; }));
    thread.setLiveView(false);
}

TEST(CameraThread, CaptureKeepsFilesOnDiskThenDeletesTheCameraCopy) {
    facet::test::TempDir dir;
    CaptureSession session({dir / "c", "c", "s", "{collection}_{seq:02}.{ext}", ""});
    auto camera = std::make_unique<WatchedCamera>(small());
    WatchedCamera* watched = camera.get();
    CameraThread thread(std::move(camera), session.keeper());
    thread.set(SettingKind::ImageFormat, "RAW+JPEG").get();
    thread.setLiveView(true);  // a capture in the middle of live view
    auto files = thread.capture().get();
    ASSERT_EQ(files.size(), 2u);
    for (const auto& f : files) {
        EXPECT_TRUE(fs::exists(f.path)) << f.path;
        EXPECT_EQ(f.sequence, 1u);
    }
    EXPECT_EQ(watched->deleted, 2);
    bool sawStored = false, sawComplete = false;
    for (const auto& e : thread.takeEvents()) {
        sawStored |= e.kind == CameraEvent::Kind::FileStored;
        sawComplete |= e.kind == CameraEvent::Kind::CaptureComplete;
    }
    EXPECT_TRUE(sawStored);
    EXPECT_TRUE(sawComplete);
}

TEST(CameraThread, ARefusedWriteLeavesTheFrameOnTheCamera) {
    auto camera = std::make_unique<WatchedCamera>(small());
    WatchedCamera* watched = camera.get();
    FileKeeper refusing = [](const CameraFileRef&, const std::vector<uint8_t>&, uint64_t) -> StoredFile {
        throw facet::OutputError("cannot write /studio/c_0001.jpg: No space left on device");
    };
    CameraThread thread(std::move(camera), refusing);
    try {
        thread.capture().get();
        FAIL() << "a capture the disk refused was reported as done";
    } catch (const facet::OutputError& e) {
        EXPECT_NE(std::string(e.what()).find("still on the camera"), std::string::npos) << e.what();
    }
    EXPECT_EQ(watched->deleted, 0);
    auto events = thread.takeEvents();
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.back().kind, CameraEvent::Kind::Error);
}

TEST(CameraThread, CallersNeverWaitOnTheCamera) {
    // A slow body: the command queue answers at once; only the future waits.
    class SlowCamera : public SimulatedStudioCamera {
    public:
        using SimulatedStudioCamera::SimulatedStudioCamera;
        std::vector<CameraFileRef> capture() override {
            std::this_thread::sleep_for(400ms);
            return SimulatedStudioCamera::capture();
        }
    };
    facet::test::TempDir dir;
    CaptureSession session({dir / "c", "c", "s", "{collection}_{seq}.{ext}", ""});
    CameraThread thread(std::make_unique<SlowCamera>(small()), session.keeper());
    auto started = std::chrono::steady_clock::now();
    auto pending = thread.capture();
    auto frame = thread.newestFrame();
    auto events = thread.takeEvents();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 100ms);
    EXPECT_EQ(pending.wait_for(0ms), std::future_status::timeout);
    EXPECT_EQ(pending.get().size(), 1u);
}

TEST(CameraThread, ReportsADisconnectAndReconnects) {
    facet::test::IsolatedHome home;
    facet::test::PtpIpSimulator sim({"--fault", "disconnect-mid-getobject", "--sessions", "3"});
    Gphoto2Options o;
    o.model = "PTP/IP Camera";
    o.port = sim.gphotoPort();
    facet::test::TempDir dir;
    CaptureSession session({dir / "c", "c", "s", "{collection}_{seq}.{ext}", ""});
    CameraThreadOptions to;
    to.reopenInterval = 100ms;
    CameraThread thread(std::make_unique<Gphoto2Camera>(o), session.keeper(), to);
    try {
        thread.capture().get();
        FAIL() << "a download cut in half was reported as a capture";
    } catch (const CameraError& e) {
        EXPECT_EQ(e.fault, CameraFault::Disconnected);
    }
    EXPECT_TRUE(fs::is_empty(dir / "c") || !fs::exists(dir / "c/c_1.jpg")) << "no half file";
    std::vector<CameraEvent::Kind> kinds;
    ASSERT_TRUE(eventually(
        [&] {
            for (auto& e : thread.takeEvents()) kinds.push_back(e.kind);
            return std::find(kinds.begin(), kinds.end(), CameraEvent::Kind::Reconnected) != kinds.end();
        },
        10s));
    EXPECT_EQ(kinds.front(), CameraEvent::Kind::Disconnected);
    EXPECT_TRUE(thread.connected());
    // Back again: the next capture works end to end.
    auto files = thread.capture().get();
    ASSERT_EQ(files.size(), 1u);
    EXPECT_TRUE(fs::exists(files[0].path));
}
