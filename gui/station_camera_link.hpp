#pragma once
// A capture::Camera (libgphoto2 body or the simulated studio camera) behind the station's camera
// seam. The camera belongs to one thread here: it pulls live frames at the camera's pace, runs
// posted commands (settings, captures) between frames, downloads every capture to disk
// (atomically) before deleting the camera's copy, and reconnects after the cable comes out.
#include "capture/camera.hpp"
#include "gui/station_camera.hpp"

#include <functional>
#include <memory>
#include <string>

namespace facet::station {

struct CameraLinkOptions {
    double liveFps = 30;   // live frames asked for per second at most (the camera may deliver fewer)
    // Set-up changes a simulated studio can stage ("spill left", "remove piece"); false with
    // `why` when it cannot. Empty for real cameras.
    std::function<bool(const std::string& what, std::string& why)> stage;
};

std::unique_ptr<StationCamera> linkCamera(std::unique_ptr<capture::Camera> camera, CameraLinkOptions options = {});

}  // namespace facet::station
