#pragma once
// Which camera a command or the station talks to: a named libgphoto2 model on a port, whatever
// libgphoto2 finds, or the simulated studio camera ("sim"), which is also what is used when no
// camera is connected.
#include "capture/camera.hpp"
#include "capture/gphoto2_camera.hpp"
#include "capture/simulated_studio_camera.hpp"

#include <memory>
#include <string>
#include <vector>

namespace facet::capture {

struct CameraChoice {
    std::string model;        // "sim", a libgphoto2 model name, or empty (autodetect)
    std::string port;         // "usb:...", "ptpip:HOST:PORT:PORT", or empty
    bool fallBackToSimulated = true;  // no camera found: use the simulated studio camera
    Gphoto2Options gphoto2;   // watchdog and busy retry (model/port are taken from above)
    StudioSimulationOptions simulation;
};

// Opens the chosen camera. `note` says what happened when a fallback was taken. Throws
// CameraError when a named camera cannot be opened.
std::unique_ptr<Camera> openCamera(const CameraChoice& choice, std::string* note = nullptr);

// Cameras libgphoto2 detects plus the simulated one; with `probePort`, also whatever answers there
// (for PTP/IP, which is not auto-detected).
struct ListedCamera {
    CameraInfo info;
    std::string status;       // "ready", or why it cannot be opened
};
std::vector<ListedCamera> listCameras(const std::string& probePort = "");

}  // namespace facet::capture

namespace facet::capture {

// "3000x2000" -> size; InputError naming the option otherwise.
cv::Size parseFrameSize(const std::string& text, const std::string& option);

// "iso=400", "image-format=RAW+JPEG" -> (kind, value); InputError naming the setting otherwise.
std::pair<SettingKind, std::string> parseSettingAssignment(const std::string& text);

}  // namespace facet::capture

namespace facet::capture {

// The camera options the `facet` capture commands share, as text from the command line.
struct CameraCommandOptions {
    std::string camera;          // --camera: "sim", a libgphoto2 model, or empty (autodetect)
    std::string port;            // --port
    std::string simPiece;        // --sim-piece: cable-chain, solitaire-ring, ...
    std::string simSize;         // --sim-size: WIDTHxHEIGHT of a simulated capture
    double watchdogSeconds = 30; // --watchdog-seconds
};
// Throws InputError naming the option that is wrong.
CameraChoice cameraChoiceFrom(const CameraCommandOptions& options);

}  // namespace facet::capture
