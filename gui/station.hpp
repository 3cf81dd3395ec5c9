#pragma once
// The station: the truth the window draws. Owns the camera link, the live-check worker (newest
// frame -> preview matte, checks, overlays -> a LiveSnapshot) and the cutout worker (each capture
// -> makeCutout -> a CutoutSnapshot, then into the collection). Every public call returns at
// once: the window never waits on USB or on the pipeline. No ImGui here: testable headless.
#include "gui/station_camera.hpp"
#include "gui/station_collection.hpp"
#include "gui/station_types.hpp"
#include "pipeline/cutout.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace facet::station {

struct StationOptions {
    std::string camera = "sim";      // "sim" or a camera model
    std::string port;                // for a real camera: "usb:", "ptpip:HOST:PORT:PORT"
    cv::Size simCaptureSize{3000, 2000};  // the simulated camera's sensor
    std::string profile = "black-velvet";
    std::string collectionFolder;    // where captures, plates and cutouts go
    double minFreeGb = 0.5;          // below this a capture (RAW + JPEG + cutout) may not fit: refused
    double liveFps = 30;             // live frames asked of the camera
    // ... while a capture is being cut out or a plate averaged: on two cores the live view at full
    // rate (camera, checks, drawing) takes one core from the cutout, and shows it seconds later.
    double liveFpsWhileBusy = 5;
    // Shots more than four times this long get a preview cutout at most this long first, from the
    // camera's JPEG decoded at a quarter size.
    int previewLongEdgePx = 2048;
};

// The cutout of the newest capture, ready to inspect.
struct CutoutSnapshot {
    uint64_t captureId = 0;
    std::string shotPath;
    std::string method;                   // "dual", "clean-plate", "frame-model"
    bool preview = false;                 // a reduced-size cutout shown while the full one is made
    cv::Mat shotRgba;                     // CV_8UC4 sRGB: the shot as taken ("before")
    cv::Mat cutoutRgba;                   // CV_8UC4 sRGB straight colour + alpha ("after")
    cv::Mat confidenceRgba;               // CV_8UC4: red, opaque where the cutout guessed
    std::vector<ReviewRegion> review;     // worst first, shot px
    std::vector<std::string> notes;
    double cutoutMs = 0;                  // makeCutout alone
    double captureToShownMs = 0;          // from the Capture press to this snapshot
    double fileToShownMs = 0;             // from the capture's files being on disk to this snapshot
    double cameraMs = 0, savedMs = 0;     // of the press-to-disk part: the camera's, and keeping the files
    std::string error;                    // when the cutout failed: why, and what to do
};

// A step of a guided sequence (plate, dual capture) waiting for the photographer.
struct Guidance {
    bool active = false;
    std::string prompt;   // "Switch the backlight on, then press Space"
};

struct StationStatus {
    CameraStatus camera;
    double liveFps = 0;
    double pipelineMs = 0;
    double diskFreeGb = -1;               // -1: unknown
    std::string collectionFolder;
    std::string profileName, profileTitle;
    std::string profileError;             // a profile that failed to load: why, and what to do
    std::string backgroundModel;          // "clean-plate", "dual", "frame-model"
    std::string profileSummary;           // the profile's guidance: the look, the lights, the traps
    std::vector<std::string> profileLights, profileTips;
    bool plateReady = false, backlitPlateReady = false;
    int plateFramesDone = 0, plateFramesWanted = 0;
    bool cutoutRunning = false;
    Guidance guidance;
    std::vector<std::string> problems;    // current problems, each with what to do
    std::vector<std::string> log;         // recent events, newest last
};

class Station {
public:
    // Opens the camera named in options (openStationCamera).
    explicit Station(StationOptions options);
    // With a camera already opened (tests, or a camera chosen elsewhere).
    Station(StationOptions options, std::unique_ptr<StationCamera> camera);
    ~Station();
    Station(const Station&) = delete;
    Station& operator=(const Station&) = delete;

    // --- what the window reads (newest published state)
    std::shared_ptr<const LiveSnapshot> live() const;
    std::shared_ptr<const CutoutSnapshot> cutout() const;
    StationStatus status() const;
    std::vector<CameraSetting> cameraSettings() const;
    std::vector<CollectionEntry> collection() const;
    bool strictCollection() const;
    std::vector<std::string> profileNames() const;
    uint32_t overlayBits() const { return overlays_.load(); }
    uint64_t capturesFinished() const { return capturesFinished_.load(); }  // cutouts published or failed
    // Counts the changes the window shows: a live frame, a cutout, an event in the log, the
    // camera's state, plate progress. The window draws when this moved, not on a timer.
    uint64_t changes() const { return changes_.load(); }
    // Called after each change, on the worker thread that made it (so it must be quick and
    // thread-safe: the window posts itself an empty event). Replaces the previous listener.
    void setChangeListener(std::function<void()> listener);

    // --- what the window posts
    void setOverlays(uint32_t bits) { overlays_.store(bits); }
    void capture();          // a shot, or the next step of a guided dual capture
    void capturePlate();     // the empty set, averaged over the profile's plate frames
    void changeSetting(const std::string& name, const std::string& value);
    void selectProfile(const std::string& name);
    void accept(uint64_t captureId);
    void reject(uint64_t captureId);
    void setStrictCollection(bool strict);
    void simulate(const std::string& what);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::atomic<uint32_t> overlays_{kOverlayEdges | kOverlayThin};
    std::atomic<uint64_t> capturesFinished_{0};
    std::atomic<uint64_t> changes_{0};
};

}  // namespace facet::station
