// The headless Station end to end: a camera double serving rendered scenes (frames of a piece on
// velvet, with and without spill light) drives the live worker, the checks, plates and the cutout
// worker exactly as a camera thread would.
#include "gui/station.hpp"
#include "pipeline/srgb.hpp"
#include "scenes/scene.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <atomic>
#include <iostream>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <thread>

using namespace facet::station;
using facet::test::waitFor;
namespace fs = std::filesystem;

namespace {

struct SceneSet {
    facet::scenes::Scene normal, spill, dual;
};

const SceneSet& scenesForTests() {
    static const SceneSet set = [] {
        facet::scenes::SceneOptions o;
        o.piece = facet::scenes::Piece::SolitaireRing;
        o.size = {512, 340};
        o.supersample = 2;
        SceneSet s;
        s.normal = facet::scenes::renderScene(o);
        o.sideSpill = 1.5;
        s.spill = facet::scenes::renderScene(o);
        o.sideSpill = 0;
        o.backlit = true;
        o.surface = facet::scenes::Surface::DarkAcrylic;
        s.dual = facet::scenes::renderScene(o);
        return s;
    }();
    return set;
}

// A camera double: live frames from a rendered scene, captures written to disk as 16-bit PNG.
class SceneCamera final : public StationCamera {
public:
    SceneCamera() { publish(); }
    CameraStatus status() const override {
        std::lock_guard lock(mutex_);
        return {unplugged_ ? CameraState::Unplugged : CameraState::Live, "scene camera",
                unplugged_ ? "the USB cable came out: plug it back in" : ""};
    }
    std::shared_ptr<const LiveFrame> newestFrame() const override {
        std::lock_guard lock(mutex_);
        return frame_;
    }
    std::vector<CameraSetting> settings() const override { return {{"iso", "ISO", "100", {"100", "200"}, true}}; }
    void changeSetting(const std::string&, const std::string&) override {}
    void capture(const CaptureRequest& r) override {
        const auto& scene = spill_ ? scenesForTests().spill : scenesForTests().normal;
        cv::Mat linear = r.role == ShotRole::Plate ? scene.plate : scene.shot;
        if (dualSet_) {  // what the camera sees depends on the backlight, not on what the shot is for
            const auto& d = scenesForTests().dual;
            const bool empty = r.role == ShotRole::Plate || r.role == ShotRole::BacklitPlate;
            linear = backlight_ ? (empty ? d.backlitPlate : d.backlitShot) : (empty ? d.plate : d.shot);
        }
        const std::string path = (fs::path(r.folder) / (r.stem + ".png")).string();
        cv::imwrite(path, facet::linearToSrgb(linear, CV_16U));
        CaptureOutcome full{r.id, r.role, true, path, ""};
        if (rawPlusJpeg_) {
            // As the camera link does with a RAW+JPEG pair: the JPEG alone first, the pair later.
            full.previewPath = (fs::path(r.folder) / (r.stem + ".jpg")).string();
            cv::imwrite(full.previewPath, facet::linearToSrgb(linear, CV_8U));
            CaptureOutcome jpeg = full;
            jpeg.path.clear();
            jpeg.previewOnly = true;
            std::lock_guard lock(mutex_);
            done_.push_back(jpeg);
            held_.push_back(full);
            return;
        }
        std::lock_guard lock(mutex_);
        done_.push_back(full);
    }
    // Captures write a JPEG beside the lossless file, reported first; the pair waits for release().
    void shootRawPlusJpeg() { rawPlusJpeg_ = true; }
    void release() {
        std::lock_guard lock(mutex_);
        for (auto& o : held_) done_.push_back(o);
        held_.clear();
    }
    std::vector<CaptureOutcome> takeFinishedCaptures() override {
        std::lock_guard lock(mutex_);
        return std::exchange(done_, {});
    }
    void setLiveFps(double fps) override {
        std::lock_guard lock(mutex_);
        liveFps_.push_back(fps);
    }
    std::vector<double> liveFpsAsked() const {
        std::lock_guard lock(mutex_);
        return liveFps_;
    }
    bool simulate(const std::string& what, std::string& why) override {
        if (what == "spill left") spill_ = true;
        else if (what == "dual set") dualSet_ = true;
        else if (what == "backlight on") backlight_ = true;
        else if (what == "backlight off") backlight_ = false;
        else if (what == "unplug") {
            std::lock_guard lock(mutex_);
            unplugged_ = true;
        } else {
            why = "unknown";
            return false;
        }
        publish();
        return true;
    }

private:
    void publish() {
        auto f = std::make_shared<LiveFrame>();
        const auto& scene = spill_ ? scenesForTests().spill : scenesForTests().normal;
        f->bgr = facet::scenes::toLiveViewFrame(scene.shot, scene.shot.size());
        std::lock_guard lock(mutex_);
        f->number = ++number_;
        frame_ = f;
    }
    mutable std::mutex mutex_;
    std::shared_ptr<const LiveFrame> frame_;
    uint64_t number_ = 0;
    std::atomic<bool> spill_{false}, dualSet_{false}, backlight_{false};
    bool unplugged_ = false;
    std::vector<CaptureOutcome> done_, held_;
    std::vector<double> liveFps_;
    std::atomic<bool> rawPlusJpeg_{false};
};

StationOptions optionsIn(const facet::test::TempDir& dir) {
    StationOptions o;
    o.collectionFolder = dir / "collection";
    o.profile = "black-velvet";
    return o;
}

}  // namespace

TEST(Station, PublishesTheLiveFrameWithMatteOverlaysAndChecks) {
    facet::test::TempDir dir;
    Station station(optionsIn(dir), std::make_unique<SceneCamera>());
    station.setOverlays(kOverlayMatte);
    ASSERT_TRUE(waitFor([&] { auto l = station.live(); return l && l->displayOverlays == kOverlayMatte; }));
    const auto live = station.live();
    const auto& scene = scenesForTests().normal;
    EXPECT_EQ(live->display.type(), CV_8UC4);
    EXPECT_EQ(live->display.size(), scene.shot.size());
    EXPECT_GT(cv::mean(live->matte, scene.alpha > 0.95)[0], 150);
    EXPECT_LT(cv::mean(live->matte, scene.alpha <= 0.0f)[0], 40);
    EXPECT_TRUE(live->checksAvailable);
    EXPECT_EQ(live->checks.size(), 5u);
    ASSERT_FALSE(live->edgeSegments.empty());
    // The outline pieces are polylines on the live matte's edge, simplified: a few long lines, not one
    // line per contour pixel.
    cv::Mat edge, notEdge, distanceToEdge;
    cv::morphologyEx(live->matte > 127, edge, cv::MORPH_GRADIENT, cv::Mat());
    cv::bitwise_not(edge, notEdge);
    cv::distanceTransform(notEdge, distanceToEdge, cv::DIST_L2, 3);
    size_t vertices = 0;
    double length = 0;
    for (const auto& seg : live->edgeSegments) {
        ASSERT_GE(seg.points.size(), 2u);
        for (size_t i = 0; i < seg.points.size(); ++i) {
            const cv::Point p(cvRound(seg.points[i].x), cvRound(seg.points[i].y));
            ASSERT_TRUE(cv::Rect(0, 0, edge.cols, edge.rows).contains(p));
            EXPECT_LE(distanceToEdge.at<float>(p), 2.5f) << "outline point off the piece's edge at " << p;
            if (i > 0) length += cv::norm(seg.points[i] - seg.points[i - 1]);
        }
        vertices += seg.points.size();
    }
    EXPECT_GT(length / double(vertices), 3.0) << vertices << " points over " << length << " px of outline";
    // The tint is in the display where the matte is, and not on the velvet.
    const cv::Point onPiece = [&] {
        for (int y = 0; y < scene.alpha.rows; ++y)
            for (int x = 0; x < scene.alpha.cols; ++x)
                if (scene.alpha.at<float>(y, x) > 0.99f && live->matte.at<uchar>(y, x) > 200) return cv::Point(x, y);
        return cv::Point(-1, -1);
    }();
    ASSERT_GE(onPiece.x, 0);
    const cv::Vec4b tinted = live->display.at<cv::Vec4b>(onPiece);
    const cv::Vec3b raw = live->frame.at<cv::Vec3b>(onPiece);
    EXPECT_GT(int(tinted[0]) - int(tinted[1]), int(raw[2]) - int(raw[1]));  // pushed towards magenta
}

TEST(Station, WarnsAboutSpillLightOnTheLeft) {
    facet::test::TempDir dir;
    auto camera = std::make_unique<SceneCamera>();
    SceneCamera* cam = camera.get();
    Station station(optionsIn(dir), std::move(camera));
    ASSERT_TRUE(waitFor([&] { return station.live() != nullptr; }));
    const auto before = station.live();
    std::string why;
    ASSERT_TRUE(cam->simulate("spill left", why));  // the double renders spill at +150 % on the left
    ASSERT_TRUE(waitFor([&] { return station.live()->frameNumber >= 2; }));
    // Some check gets worse than it was before the spill, and points at the left.
    const auto live = station.live();
    ASSERT_EQ(live->checks.size(), before->checks.size());
    bool warned = false;
    for (size_t i = 0; i < live->checks.size(); ++i) {
        const auto& c = live->checks[i];
        if (c.verdict > before->checks[i].verdict && c.verdict != Verdict::Unknown && c.message.find("left") != std::string::npos)
            warned = true;
    }
    std::string all;
    for (const auto& c : live->checks) all += c.name + ": " + verdictName(c.verdict) + ": " + c.message + "\n";
    EXPECT_TRUE(warned) << all;
}

TEST(Station, TurnsACaptureIntoACutoutInTheCollection) {
    facet::test::TempDir dir;
    Station station(optionsIn(dir), std::make_unique<SceneCamera>());
    ASSERT_TRUE(waitFor([&] { return station.live() != nullptr; }));
    station.capturePlate();
    ASSERT_TRUE(waitFor([&] { return station.status().plateReady; })) << station.status().log.back();
    station.capture();
    ASSERT_TRUE(waitFor([&] { return station.capturesFinished() == 1; }, 60));
    const auto cut = station.cutout();
    ASSERT_TRUE(cut->error.empty()) << cut->error;
    EXPECT_EQ(cut->method, "clean-plate");
    const auto& scene = scenesForTests().normal;
    ASSERT_EQ(cut->cutoutRgba.size(), scene.shot.size());
    std::vector<cv::Mat> rgba;
    cv::split(cut->cutoutRgba, rgba);
    EXPECT_GT(cv::mean(rgba[3], scene.alpha > 0.95)[0], 150);  // the piece is opaque in the cutout shown
    EXPECT_LT(cv::mean(rgba[3], scene.alpha <= 0.0f)[0], 30);
    EXPECT_GT(cut->captureToShownMs, 0);
    const auto entries = station.collection();
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_TRUE(fs::exists(entries[0].cutoutPath));
    EXPECT_TRUE(fs::exists(dir.path() / "collection" / "collection.json"));
    station.accept(entries[0].captureId);
    EXPECT_EQ(station.collection()[0].decision, Decision::Accepted);
}

TEST(Station, SlowsTheLiveViewWhileItCutsOutACaptureAndRestoresIt) {
    facet::test::TempDir dir;
    StationOptions options = optionsIn(dir);
    options.liveFps = 30;
    options.liveFpsWhileBusy = 4;
    auto owned = std::make_unique<SceneCamera>();
    SceneCamera* camera = owned.get();
    Station station(options, std::move(owned));
    ASSERT_TRUE(waitFor([&] { return station.live() != nullptr; }));
    EXPECT_EQ(camera->liveFpsAsked(), std::vector<double>{30});
    station.capture();
    ASSERT_TRUE(waitFor([&] { return station.capturesFinished() == 1 && camera->liveFpsAsked().size() >= 3; }, 60));
    // Slowed for the cutout, back to the full rate once it is shown.
    EXPECT_EQ(camera->liveFpsAsked(), (std::vector<double>{30, 4, 30}));
}

TEST(Station, ShowsAPreviewCutoutFromTheJpegWhileTheRawIsStillComing) {
    facet::test::TempDir dir;
    StationOptions options = optionsIn(dir);
    options.previewLongEdgePx = 128;  // the test scene (512 px) counts as big: a preview of 128 px
    auto owned = std::make_unique<SceneCamera>();
    SceneCamera* camera = owned.get();
    Station station(options, std::move(owned));
    ASSERT_TRUE(waitFor([&] { return station.live() != nullptr; }));
    // The clean plate first (held in half precision): the preview cuts out against it too.
    station.capturePlate();
    ASSERT_TRUE(waitFor([&] { return station.status().plateReady; })) << station.status().log.back();
    camera->shootRawPlusJpeg();
    station.capture();
    ASSERT_TRUE(waitFor([&] { return station.cutout() != nullptr; }));
    const auto preview = station.cutout();
    ASSERT_TRUE(preview->error.empty()) << preview->error;
    EXPECT_TRUE(preview->preview);
    EXPECT_EQ(preview->method, "clean-plate");
    EXPECT_EQ(preview->cutoutRgba.cols, 128);  // the JPEG decoded at a quarter size
    EXPECT_EQ(station.capturesFinished(), 0u);  // the full outcome has not even arrived
    camera->release();
    ASSERT_TRUE(waitFor([&] { return station.capturesFinished() == 1; }, 60));
    const auto full = station.cutout();
    ASSERT_TRUE(full->error.empty()) << full->error;
    EXPECT_FALSE(full->preview);
    EXPECT_EQ(full->captureId, preview->captureId);
    EXPECT_EQ(full->cutoutRgba.size(), scenesForTests().normal.shot.size());
    // One preview: the full cutout did not make a second one from the same JPEG.
    int previews = 0;
    for (const auto& line : station.status().log) previews += line.find(" preview (") != std::string::npos;
    EXPECT_EQ(previews, 1);
}

TEST(Station, UnpluggedCameraIsReportedAndCaptureRefused) {
    facet::test::TempDir dir;
    auto camera = std::make_unique<SceneCamera>();
    SceneCamera* cam = camera.get();
    Station station(optionsIn(dir), std::move(camera));
    std::string why;
    cam->simulate("unplug", why);
    ASSERT_TRUE(waitFor([&] { return station.status().camera.state == CameraState::Unplugged; }));
    const auto s = station.status();
    ASSERT_FALSE(s.problems.empty());
    EXPECT_NE(s.problems[0].find("plug it back in"), std::string::npos) << s.problems[0];
    station.capture();
    EXPECT_NE(station.status().log.back().find("cannot capture"), std::string::npos);
}

TEST(Station, AProfileThatFailsToLoadIsReportedNotFatal) {
    facet::test::TempDir dir;
    StationOptions o = optionsIn(dir);
    o.profile = (dir / "broken.toml");
    {
        std::ofstream f(o.profile);
        f << "version = 2\nname = \"broken\"\n[camera]\nshutter = \"1/0\"\n";
    }
    Station station(o, std::make_unique<SceneCamera>());
    const auto s = station.status();
    EXPECT_NE(s.profileError.find("broken.toml"), std::string::npos) << s.profileError;
    ASSERT_FALSE(s.problems.empty());
    ASSERT_TRUE(waitFor([&] { return station.live() != nullptr; }));  // the station keeps running
}

TEST(Station, GuidesADualCaptureStepByStep) {
    facet::test::TempDir dir;
    StationOptions o = optionsIn(dir);
    o.profile = "backlit-dual";
    auto camera = std::make_unique<SceneCamera>();
    SceneCamera* cam = camera.get();
    std::string why;
    cam->simulate("dual set", why);
    Station station(o, std::move(camera));
    ASSERT_EQ(station.status().backgroundModel, "dual") << station.status().profileError;

    station.capturePlate();  // backlight off: the clean plate
    ASSERT_TRUE(waitFor([&] { return station.status().plateReady; }));
    EXPECT_NE(station.status().guidance.prompt.find("backlight ON"), std::string::npos) << station.status().guidance.prompt;
    cam->simulate("backlight on", why);
    station.capturePlate();  // the backlit plate
    ASSERT_TRUE(waitFor([&] { return station.status().backlitPlateReady; }));
    EXPECT_NE(station.status().guidance.prompt.find("OFF"), std::string::npos);

    cam->simulate("backlight off", why);
    station.capture();  // front-lit frame: the station asks for the backlit one
    ASSERT_TRUE(waitFor([&] { return station.status().guidance.prompt.find("Space") != std::string::npos &&
                                     station.status().guidance.prompt.find("backlit frame") != std::string::npos; }));
    EXPECT_EQ(station.capturesFinished(), 0u);
    cam->simulate("backlight on", why);
    station.capture();
    ASSERT_TRUE(waitFor([&] { return station.capturesFinished() == 1; }, 60));
    const auto cut = station.cutout();
    ASSERT_TRUE(cut->error.empty()) << cut->error;
    EXPECT_EQ(cut->method, "dual");
    EXPECT_FALSE(station.status().guidance.active);
}

TEST(Station, AFullDiskRefusesCapturesAndSaysWhatToDo) {
    facet::test::TempDir dir;
    StationOptions o = optionsIn(dir);
    o.minFreeGb = 1e12;  // more than any disk has: this disk counts as full
    Station station(o, std::make_unique<SceneCamera>());
    ASSERT_TRUE(waitFor([&] { return station.status().diskFreeGb >= 0; }));
    const auto s = station.status();
    ASSERT_FALSE(s.problems.empty());
    EXPECT_NE(s.problems.back().find("disk full"), std::string::npos) << s.problems.back();
    EXPECT_NE(s.problems.back().find("--collection"), std::string::npos);
    station.capture();
    EXPECT_NE(station.status().log.back().find("disk full"), std::string::npos);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(station.capturesFinished(), 0u);  // nothing was shot
    EXPECT_TRUE(station.collection().empty());
}
