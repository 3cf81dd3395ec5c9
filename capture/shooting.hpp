#pragma once
// The capture workflows the `facet` commands and the station share:
//   shoot:   fire the camera N times; each capture is downloaded, kept on disk, journalled, then
//            cut out;
//   tether:  import what the photographer shoots with the body's own button, then cut it out;
//   resume:  cut out the captures a previous run saved but did not finish (from the journal).
#include "capture/camera_thread.hpp"
#include "capture/capture_cutout.hpp"
#include "capture/capture_session.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace facet::capture {

struct ShootPlan {
    int count = 1;
    bool cutout = true;                     // false: capture and keep only
    CutoutSetup cutoutSetup;
    std::chrono::milliseconds captureTimeout{60000};  // the camera thread's own watchdog is inside
    std::function<void(const std::string&)> say = [](const std::string&) {};
};

struct ShootReport {
    std::vector<StoredFile> stored;
    std::vector<CutoutDone> cutouts;
    std::vector<std::string> problems;      // each one a sentence for the photographer
    bool ok() const { return problems.empty(); }
};

ShootReport shoot(CameraThread& camera, CaptureSession& session, const ShootPlan& plan);

// Waits for `plan.count` shots from the body (or until `duration`), importing each.
ShootReport tether(CameraThread& camera, CaptureSession& session, const ShootPlan& plan,
                   std::chrono::milliseconds duration);

// Cuts out what the journal lists as saved but not processed.
ShootReport resumeUnprocessed(CaptureSession& session, const ShootPlan& plan);

}  // namespace facet::capture
