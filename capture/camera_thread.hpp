#pragma once
// The camera on its own thread. Everything that talks to the camera goes through here: commands
// go in through a queue and come back as futures; live frames and events come out. Nobody else
// ever waits on USB (the window keeps drawing while a body takes seconds to answer).
//
//   - live view: the newest frame wins; one frame is kept, older ones are dropped unseen;
//   - captures: downloaded one file at a time, each handed to the FileKeeper (the session's
//     "put it on disk") BEFORE the camera's copy is deleted; if the disk refuses, the camera's
//     copy stays and the error says so;
//   - shots from the body (tether): imported the same way while watching is on;
//   - faults: busy is retried inside the camera; a disconnect or a hung body is reported and the
//     thread keeps trying to reopen the camera, reporting when it is back.
#include "capture/camera.hpp"

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace facet::capture {

// One file of a capture, safely on disk.
struct StoredFile {
    CameraFileRef source;   // where it was on the camera
    std::string path;       // where it is now
    uint64_t sequence = 0;  // the session's capture number (a RAW+JPEG pair shares one)
};

// Puts one downloaded file on disk and returns its path. `sequence` is 0 for the first file of a
// capture (the keeper assigns one) and the returned sequence for the rest of the pair. Throws
// (OutputError) when it cannot: the camera then keeps its copy.
using FileKeeper = std::function<StoredFile(const CameraFileRef& source, const std::vector<uint8_t>& bytes,
                                            uint64_t sequence)>;

struct CameraEvent {
    enum class Kind { FileStored, CaptureComplete, Disconnected, Reconnected, Error } kind;
    std::string message;              // for the photographer
    StoredFile file;                  // FileStored
    std::optional<CameraFault> fault; // Error, Disconnected
};

struct CameraThreadOptions {
    std::chrono::milliseconds reopenInterval{1000};
    std::chrono::milliseconds bodyPollInterval{100};
    size_t maxQueuedEvents = 256;     // oldest dropped beyond this (a UI that stopped reading)
};

class CameraThread {
public:
    CameraThread(std::unique_ptr<Camera> camera, FileKeeper keeper, CameraThreadOptions options = {});
    ~CameraThread();
    CameraThread(const CameraThread&) = delete;
    CameraThread& operator=(const CameraThread&) = delete;

    CameraInfo info() const { return info_; }

    // Commands: queued, run in order on the camera thread. The futures carry CameraError /
    // OutputError exceptions. Dropping a future is fine: the command still runs.
    std::future<std::vector<Setting>> settings();
    std::future<void> set(SettingKind kind, const std::string& value);
    // Capture, download every file of it, keep each on disk, delete the camera's copies.
    std::future<std::vector<StoredFile>> capture();

    void setLiveView(bool on);
    // Import shots taken with the body's own shutter button; with `maxShots` > 0 the watch ends
    // by itself after that many (so a photographer's extra press is not taken mid-cutout).
    void setWatchBody(bool on, int maxShots = 0);

    // The newest live frame, or null before the first. Never blocks on the camera.
    std::shared_ptr<const LiveFrame> newestFrame() const;
    // Blocks the caller (never the camera) until a frame newer than `afterSequence` is
    // published or `timeout` passes; null on timeout. For a consumer that has nothing else to do.
    std::shared_ptr<const LiveFrame> waitForNewFrame(uint64_t afterSequence, std::chrono::milliseconds timeout) const;
    // Events since the last call, oldest first.
    std::vector<CameraEvent> takeEvents();
    // Waits up to `timeout` for at least one event; returns what arrived.
    std::vector<CameraEvent> waitForEvents(std::chrono::milliseconds timeout);
    bool connected() const;
    uint64_t droppedEvents() const;

private:
    void run();
    void publish(CameraEvent event);
    std::vector<StoredFile> keepFiles(const std::vector<CameraFileRef>& files);
    void handleFault(const CameraError& e);
    void tryReopen();
    template <class T>
    std::future<T> enqueue(std::function<T(Camera&)> work);

    std::unique_ptr<Camera> camera_;
    FileKeeper keeper_;
    CameraThreadOptions options_;
    CameraInfo info_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;       // commands or stop
    std::condition_variable eventsCame_;
    mutable std::condition_variable frameCame_;
    std::deque<std::function<void()>> commands_;
    std::deque<CameraEvent> events_;
    std::shared_ptr<const LiveFrame> newest_;
    bool stop_ = false;
    bool liveView_ = false;
    bool watchBody_ = false;
    int watchShotsLeft_ = 0;      // 0: no limit
    bool connected_ = true;
    uint64_t dropped_ = 0;
    std::chrono::steady_clock::time_point nextReopen_;
    std::thread thread_;
};

}  // namespace facet::capture
