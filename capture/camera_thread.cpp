#include "capture/camera_thread.hpp"

#include "pipeline/errors.hpp"

namespace facet::capture {

using Clock = std::chrono::steady_clock;

CameraThread::CameraThread(std::unique_ptr<Camera> camera, FileKeeper keeper, CameraThreadOptions options)
    : camera_(std::move(camera)), keeper_(std::move(keeper)), options_(options), info_(camera_->info()) {
    thread_ = std::thread([this] { run(); });
}

CameraThread::~CameraThread() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

template <class T>
std::future<T> CameraThread::enqueue(std::function<T(Camera&)> work) {
    auto task = std::make_shared<std::packaged_task<T()>>([this, work] {
        if (!connected_)
            throw CameraError(CameraFault::Disconnected,
                              "the camera " + info_.model + " is not connected; Facet reconnects when it is back");
        // Faults are also reported as events, so a caller that dropped the future still learns
        // that the camera went away or the disk refused a file.
        try {
            return work(*camera_);
        } catch (const CameraError& e) {
            handleFault(e);
            throw;
        } catch (const std::exception& e) {
            publish({CameraEvent::Kind::Error, e.what(), {}, {}});
            throw;
        }
    });
    std::future<T> result = task->get_future();
    {
        std::lock_guard lock(mutex_);
        commands_.push_back([task] { (*task)(); });
    }
    wake_.notify_all();
    return result;
}

std::future<std::vector<Setting>> CameraThread::settings() {
    return enqueue<std::vector<Setting>>([](Camera& c) { return c.settings(); });
}

std::future<void> CameraThread::set(SettingKind kind, const std::string& value) {
    return enqueue<void>([kind, value](Camera& c) { c.set(kind, value); });
}

std::future<std::vector<StoredFile>> CameraThread::capture() {
    return enqueue<std::vector<StoredFile>>([this](Camera& c) {
        auto files = c.capture();
        auto stored = keepFiles(files);
        publish({CameraEvent::Kind::CaptureComplete, "captured " + std::to_string(stored.size()) + " file(s)", {}, {}});
        return stored;
    });
}

void CameraThread::setLiveView(bool on) {
    std::lock_guard lock(mutex_);
    liveView_ = on;
    wake_.notify_all();
}

void CameraThread::setWatchBody(bool on, int maxShots) {
    std::lock_guard lock(mutex_);
    watchBody_ = on;
    watchShotsLeft_ = on ? std::max(0, maxShots) : 0;
    wake_.notify_all();
}

std::shared_ptr<const LiveFrame> CameraThread::newestFrame() const {
    std::lock_guard lock(mutex_);
    return newest_;
}

std::shared_ptr<const LiveFrame> CameraThread::waitForNewFrame(uint64_t afterSequence,
                                                              std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    frameCame_.wait_for(lock, timeout, [&] { return newest_ && newest_->sequence > afterSequence; });
    return newest_ && newest_->sequence > afterSequence ? newest_ : nullptr;
}

std::vector<CameraEvent> CameraThread::takeEvents() {
    std::lock_guard lock(mutex_);
    std::vector<CameraEvent> out(events_.begin(), events_.end());
    events_.clear();
    return out;
}

std::vector<CameraEvent> CameraThread::waitForEvents(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    eventsCame_.wait_for(lock, timeout, [this] { return !events_.empty(); });
    std::vector<CameraEvent> out(events_.begin(), events_.end());
    events_.clear();
    return out;
}

bool CameraThread::connected() const {
    std::lock_guard lock(mutex_);
    return connected_;
}

uint64_t CameraThread::droppedEvents() const {
    std::lock_guard lock(mutex_);
    return dropped_;
}

void CameraThread::publish(CameraEvent event) {
    {
        std::lock_guard lock(mutex_);
        events_.push_back(std::move(event));
        while (events_.size() > options_.maxQueuedEvents) {
            events_.pop_front();
            ++dropped_;
        }
    }
    eventsCame_.notify_all();
}

// Download, keep on disk, and only then delete the camera's copy: a refused write leaves the
// frame on the card, where the next import finds it.
std::vector<StoredFile> CameraThread::keepFiles(const std::vector<CameraFileRef>& files) {
    std::vector<StoredFile> stored;
    uint64_t sequence = 0;
    for (const auto& file : files) {
        std::vector<uint8_t> bytes = camera_->download(file);
        StoredFile kept;
        try {
            kept = keeper_(file, bytes, sequence);
        } catch (const OutputError& e) {
            throw OutputError(std::string(e.what()) + ". " + file.name +
                              " is still on the camera's card: free space or fix the folder, then import it "
                              "with 'facet tether'");
        }
        sequence = kept.sequence;
        stored.push_back(kept);
        publish({CameraEvent::Kind::FileStored, kept.path, kept, {}});
        camera_->deleteFromCamera(file);
    }
    return stored;
}

void CameraThread::handleFault(const CameraError& e) {
    if (e.fault == CameraFault::Disconnected || e.fault == CameraFault::Hung) {
        bool was;
        {
            std::lock_guard lock(mutex_);
            was = connected_;
            connected_ = false;
            nextReopen_ = Clock::now() + options_.reopenInterval;
        }
        if (was) publish({CameraEvent::Kind::Disconnected, e.what(), {}, e.fault});
    } else {
        publish({CameraEvent::Kind::Error, e.what(), {}, e.fault});
    }
}

void CameraThread::tryReopen() {
    if (camera_->reopen()) {
        {
            std::lock_guard lock(mutex_);
            connected_ = true;
        }
        publish({CameraEvent::Kind::Reconnected, "the camera " + info_.model + " is back", {}, {}});
    } else {
        std::lock_guard lock(mutex_);
        nextReopen_ = Clock::now() + options_.reopenInterval;
    }
}

void CameraThread::run() {
    for (;;) {
        std::function<void()> command;
        bool live = false, watch = false, isConnected = true;
        {
            std::unique_lock lock(mutex_);
            if (commands_.empty() && !liveView_ && !watchBody_ && connected_)
                wake_.wait(lock, [this] { return stop_ || !commands_.empty() || liveView_ || watchBody_; });
            if (stop_) return;
            if (!commands_.empty()) {
                command = std::move(commands_.front());
                commands_.pop_front();
            }
            live = liveView_;
            watch = watchBody_;
            isConnected = connected_;
            if (!isConnected && !command && Clock::now() < nextReopen_) {
                wake_.wait_until(lock, nextReopen_, [this] { return stop_ || !commands_.empty(); });
                continue;
            }
        }
        try {
            if (!isConnected && !command) {
                tryReopen();
                continue;
            }
            if (command) {
                command();  // a packaged task: its result or exception goes to its future
                continue;
            }
            if (live) {
                auto frame = std::make_shared<const LiveFrame>(camera_->liveFrame());
                {
                    std::lock_guard lock(mutex_);
                    newest_ = std::move(frame);  // the newest wins; an unseen older frame is dropped
                }
                frameCame_.notify_all();
            }
            if (watch) {
                auto shots = camera_->waitForBodyShots(live ? std::chrono::milliseconds(0) : options_.bodyPollInterval);
                if (!shots.empty()) {
                    keepFiles(shots);
                    std::lock_guard lock(mutex_);
                    if (watchShotsLeft_ > 0 && --watchShotsLeft_ == 0) watchBody_ = false;
                }
            }
        } catch (const CameraError& e) {
            handleFault(e);
        } catch (const std::exception& e) {
            publish({CameraEvent::Kind::Error, e.what(), {}, {}});
        }
    }
}

}  // namespace facet::capture
