#include "gui/station_camera_link.hpp"

#include "pipeline/atomic_file.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <variant>

namespace facet::station {

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

std::string labelFor(capture::SettingKind kind) {
    switch (kind) {
        case capture::SettingKind::Iso: return "ISO";
        case capture::SettingKind::Shutter: return "Shutter";
        case capture::SettingKind::Aperture: return "Aperture";
        case capture::SettingKind::WhiteBalance: return "White balance";
        case capture::SettingKind::ImageFormat: return "Format";
        case capture::SettingKind::CaptureTarget: return "Save to";
        case capture::SettingKind::Focus: return "Focus";
        case capture::SettingKind::Backlight: return "Backlight";
    }
    return "?";
}

std::string extensionOf(const std::string& path) {  // lower case, no dot
    std::string ext = fs::path(path).extension().string();
    if (!ext.empty()) ext.erase(0, 1);
    for (auto& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

// A lossless or RAW file: what the cutout reads when the camera wrote one.
bool isLossless(const std::string& ext) {
    static const std::set<std::string> lossless = {"tif", "tiff", "png", "dng", "cr2", "cr3", "nef", "arw", "raf", "orf", "rw2"};
    return lossless.count(ext) > 0;
}

bool isJpeg(const std::string& ext) { return ext == "jpg" || ext == "jpeg"; }

// Which of a capture's files the cutout reads: a lossless or RAW file over the JPEG.
std::string primaryFile(const std::vector<std::string>& paths) {
    for (const auto& p : paths)
        if (isLossless(extensionOf(p))) return p;
    return paths.empty() ? "" : paths.front();
}

std::string whatToDo(capture::CameraFault fault) {
    switch (fault) {
        case capture::CameraFault::Disconnected:
            return "check the USB cable and that the camera is on; the station reconnects by itself";
        case capture::CameraFault::Hung: return "the camera stopped answering: switch it off and on again";
        case capture::CameraFault::StoreFull: return "the camera's card is full: empty it or capture to the computer";
        case capture::CameraFault::Busy: return "the camera is busy: wait a moment and capture again";
        default: return "";
    }
}

class CameraLink final : public StationCamera {
public:
    CameraLink(std::unique_ptr<capture::Camera> camera, CameraLinkOptions options)
        : camera_(std::move(camera)), options_(options) {
        info_ = camera_->info();
        status_ = {CameraState::Connecting, info_.model, ""};
        liveFps_ = options_.liveFps;
        thread_ = std::thread([this] { loop(); });
    }
    ~CameraLink() override {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        thread_.join();
    }

    CameraStatus status() const override {
        std::lock_guard lock(mutex_);
        return status_;
    }
    std::shared_ptr<const LiveFrame> newestFrame() const override {
        std::lock_guard lock(mutex_);
        return frame_;
    }
    std::vector<CameraSetting> settings() const override {
        std::lock_guard lock(mutex_);
        return settings_;
    }
    void changeSetting(const std::string& name, const std::string& value) override {
        post([this, name, value] {
            capture::SettingKind kind;
            if (!capture::settingFromName(name, kind)) return;
            camera_->set(kind, value);
            refreshSettings();
        });
    }
    void capture(const CaptureRequest& request) override {
        {
            std::lock_guard lock(mutex_);
            captures_.push_back(request);
        }
        wake_.notify_all();
    }
    std::vector<CaptureOutcome> takeFinishedCaptures() override {
        std::lock_guard lock(mutex_);
        return std::exchange(finished_, {});
    }
    void setLiveFps(double fps) override {
        {
            std::lock_guard lock(mutex_);
            liveFps_ = std::clamp(fps, 0.5, options_.liveFps);
            rateChanged_ = true;
        }
        wake_.notify_all();
    }
    bool simulate(const std::string& what, std::string& why) override {
        if (what == "unplug" || what == "replug") {
            std::lock_guard lock(mutex_);
            cablePulled_ = what == "unplug";
            return true;
        }
        if (what == "backlight on" || what == "backlight off") {
            changeSetting("backlight", what.substr(10));
            return true;
        }
        if (options_.stage) return options_.stage(what, why);
        why = "a real camera stages only 'unplug', 'replug', 'backlight on|off'";
        return false;
    }

private:
    void post(std::function<void()> job) {
        {
            std::lock_guard lock(mutex_);
            jobs_.push_back(std::move(job));
        }
        wake_.notify_all();
    }

    void setState(CameraState state, const std::string& message) {
        std::lock_guard lock(mutex_);
        status_.state = state;
        status_.message = message;
    }

    void refreshSettings() {
        std::vector<CameraSetting> out;
        for (const auto& s : camera_->settings()) {
            if (s.kind == capture::SettingKind::Focus && s.choices.empty()) continue;  // a range: not offered here
            out.push_back({capture::settingName(s.kind), labelFor(s.kind), s.value, s.choices, !s.readOnly});
        }
        std::lock_guard lock(mutex_);
        settings_ = std::move(out);
    }

    void captureNow(const CaptureRequest& r) {
        setState(CameraState::Capturing, "");
        CaptureOutcome outcome{r.id, r.role, false, "", ""};
        try {
            std::vector<std::string> paths;
            const auto pressed = Clock::now();
            auto files = camera_->capture();
            const auto captured = Clock::now();
            outcome.cameraMs = std::chrono::duration<double, std::milli>(captured - pressed).count();
            // The JPEG of a RAW+JPEG pair first: it is a fraction of the RAW's size, and once it
            // is on disk the station can show a preview cutout while the RAW still comes over.
            const bool pair = std::any_of(files.begin(), files.end(), [](const auto& f) { return isLossless(f.extension()); });
            std::stable_partition(files.begin(), files.end(), [](const auto& f) { return isJpeg(f.extension()); });
            for (size_t i = 0; i < files.size(); ++i) {
                const auto& file = files[i];
                const auto bytes = camera_->download(file);
                const std::string path = (fs::path(r.folder) / (r.stem + "." + file.extension())).string();
                // On disk (fsynced, renamed) before the camera's copy goes.
                writeBytesAtomically(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
                camera_->deleteFromCamera(file);
                paths.push_back(path);
                if (pair && isJpeg(file.extension()) && i + 1 < files.size() && !isJpeg(files[i + 1].extension())) {
                    CaptureOutcome early = outcome;
                    early.ok = true;
                    early.previewOnly = true;
                    early.previewPath = path;
                    early.savedMs = std::chrono::duration<double, std::milli>(Clock::now() - captured).count();
                    std::lock_guard lock(mutex_);
                    finished_.push_back(early);
                }
            }
            outcome.savedMs = std::chrono::duration<double, std::milli>(Clock::now() - captured).count();
            outcome.path = primaryFile(paths);
            outcome.ok = !outcome.path.empty();
            for (const auto& p : paths)
                if (p != outcome.path && isJpeg(extensionOf(p))) outcome.previewPath = p;
            if (!outcome.ok) outcome.message = "the camera reported no file for this capture: capture again";
            setState(CameraState::Live, "");
        } catch (const capture::CameraError& e) {
            outcome.message = std::string(e.what()) + (whatToDo(e.fault).empty() ? "" : ": " + whatToDo(e.fault));
            lost(e);
        } catch (const std::exception& e) {
            outcome.message = std::string("the capture could not be saved: ") + e.what();
            setState(CameraState::Live, "");
        }
        std::lock_guard lock(mutex_);
        finished_.push_back(outcome);
    }

    void lost(const capture::CameraError& e) {
        if (e.fault == capture::CameraFault::Disconnected || e.fault == capture::CameraFault::Hung)
            setState(CameraState::Unplugged, std::string(e.what()) + ": " + whatToDo(e.fault));
        else
            setState(CameraState::Live, std::string(e.what()) + (whatToDo(e.fault).empty() ? "" : ": " + whatToDo(e.fault)));
    }

    void loop() {
        try {
            refreshSettings();
            setState(CameraState::Live, "");
        } catch (const capture::CameraError& e) {
            lost(e);
        }
        auto period = [this] {  // mutex_ held
            return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / liveFps_));
        };
        auto nextFrame = Clock::now();
        auto lastFrame = Clock::now();
        auto nextReconnect = Clock::now();
        for (;;) {
            std::function<void()> job;
            std::optional<CaptureRequest> request;
            bool pulled;
            {
                std::unique_lock lock(mutex_);
                wake_.wait_until(lock, nextFrame,
                                 [&] { return stopping_ || !jobs_.empty() || !captures_.empty() || rateChanged_; });
                if (stopping_) return;
                if (std::exchange(rateChanged_, false)) nextFrame = std::min(nextFrame, lastFrame + period());
                if (!jobs_.empty()) {
                    job = std::move(jobs_.front());
                    jobs_.pop_front();
                } else if (!captures_.empty()) {
                    request = captures_.front();
                    captures_.pop_front();
                }
                pulled = cablePulled_;
            }
            if (request) {
                // Checked here, not when posted: the cable can come out while captures wait.
                if (pulled || status().state == CameraState::Unplugged) {
                    std::lock_guard lock(mutex_);
                    finished_.push_back({request->id, request->role, false, "",
                                         "the camera is unplugged: plug the USB cable back in, then capture again"});
                } else {
                    captureNow(*request);
                }
                continue;
            }
            if (pulled) {
                setState(CameraState::Unplugged, "the USB cable came out: plug it back in; the station reconnects by itself");
                nextFrame = Clock::now() + std::chrono::milliseconds(100);
                continue;
            }
            if (status().state == CameraState::Unplugged) {
                if (Clock::now() >= nextReconnect) {
                    nextReconnect = Clock::now() + std::chrono::seconds(1);
                    try {
                        if (camera_->reopen()) {
                            refreshSettings();
                            setState(CameraState::Live, "");
                        }
                    } catch (const std::exception&) {
                    }
                }
                nextFrame = Clock::now() + std::chrono::milliseconds(100);
                continue;
            }
            if (job) {
                try {
                    job();
                } catch (const capture::CameraError& e) {
                    lost(e);
                } catch (const std::exception& e) {
                    setState(status().state, e.what());
                }
                continue;
            }
            if (Clock::now() < nextFrame) continue;
            {
                std::lock_guard lock(mutex_);
                nextFrame += period();
            }
            lastFrame = Clock::now();
            if (nextFrame < lastFrame) nextFrame = lastFrame;  // a slow camera sets the pace
            try {
                capture::LiveFrame f = camera_->liveFrame();
                if (f.image.empty()) continue;
                auto frame = std::make_shared<LiveFrame>();
                frame->bgr = f.image;
                std::lock_guard lock(mutex_);
                frame->number = ++frames_;
                frame_ = std::move(frame);
                if (status_.state == CameraState::Connecting) status_.state = CameraState::Live;
            } catch (const capture::CameraError& e) {
                lost(e);
            }
        }
    }

    std::unique_ptr<capture::Camera> camera_;
    CameraLinkOptions options_;
    capture::CameraInfo info_;
    std::thread thread_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false, cablePulled_ = false;
    double liveFps_ = 30;
    bool rateChanged_ = false;
    std::deque<std::function<void()>> jobs_;
    std::deque<CaptureRequest> captures_;
    CameraStatus status_;
    std::shared_ptr<const LiveFrame> frame_;
    uint64_t frames_ = 0;
    std::vector<CameraSetting> settings_;
    std::vector<CaptureOutcome> finished_;
};

}  // namespace

std::unique_ptr<StationCamera> linkCamera(std::unique_ptr<capture::Camera> camera, CameraLinkOptions options) {
    return std::make_unique<CameraLink>(std::move(camera), options);
}

}  // namespace facet::station
