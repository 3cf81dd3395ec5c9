#pragma once
// One camera, whatever drives it: libgphoto2 (a real body, or the PTP/IP simulator) or the
// simulated studio camera. Only the camera thread (camera_thread.hpp) calls these; every call
// may block on the camera, which is exactly why nobody else does.
//
// A capture leaves its files on the camera; the workflow downloads each, puts it safely on disk
// and only then deletes the camera's copy, so a full disk never costs a frame.
#include "capture/camera_settings.hpp"

#include <opencv2/core.hpp>

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace facet::capture {

// What went wrong, in the terms the station reacts to.
enum class CameraFault {
    Busy,          // PTP 0x2019: retried with backoff before it is reported
    Disconnected,  // the cable, the battery, the network: reopen when it is back
    StoreFull,     // the card is full
    Hung,          // the camera stopped answering mid-operation (watchdog): power-cycle it
    NotSupported,  // this body has no such setting / function
    InvalidValue,  // a setting value the camera does not offer
    Failed,        // anything else the camera reported
};
std::string faultName(CameraFault fault);

struct CameraError : std::runtime_error {
    CameraError(CameraFault f, const std::string& message) : std::runtime_error(message), fault(f) {}
    CameraFault fault;
};

struct CameraInfo {
    std::string model;     // "Canon EOS 5D Mark IV", "PTP/IP Camera", "Simulated studio camera"
    std::string port;      // "usb:001,004", "ptpip:127.0.0.1:4321:4321", "sim"
    std::string backend;   // "gphoto2" or "simulated"
};

// A file waiting on the camera (captured by us or shot on the body).
struct CameraFileRef {
    std::string folder;    // on the camera ("/store_00010001"); empty for the simulated camera
    std::string name;      // "IMG_0001.JPG", "IMG_0001.CR3"
    std::string extension() const;  // lower case, without the dot: "jpg", "cr3"
};

struct LiveFrame {
    std::vector<uint8_t> jpeg;     // as the camera sent it (sniffed: libgphoto2 may say unknown/unknown)
    cv::Mat image;                 // decoded 8-bit sRGB BGR
    uint64_t sequence = 0;         // increasing per camera
    std::chrono::steady_clock::time_point at;
};

class Camera {
public:
    virtual ~Camera() = default;

    virtual CameraInfo info() const = 0;

    // Settings the camera has, each with the choices it reports. Missing kinds are simply absent.
    virtual std::vector<Setting> settings() = 0;
    virtual Setting setting(SettingKind kind) = 0;                      // throws NotSupported
    virtual void set(SettingKind kind, const std::string& value) = 0;  // throws InvalidValue

    virtual LiveFrame liveFrame() = 0;

    // Fires the shutter and waits until the camera has written the frame; returns the files it
    // made (two for RAW+JPEG). Throws CameraError (Busy after retries, StoreFull, Hung, ...).
    virtual std::vector<CameraFileRef> capture() = 0;
    virtual std::vector<uint8_t> download(const CameraFileRef& file) = 0;
    virtual void deleteFromCamera(const CameraFileRef& file) = 0;

    // Files shot on the body (the photographer pressed the shutter button) within `timeout`.
    virtual std::vector<CameraFileRef> waitForBodyShots(std::chrono::milliseconds timeout) = 0;

    // After a Disconnected or Hung error: try to talk to the camera again. Returns false while
    // it is still gone.
    virtual bool reopen() = 0;
};

}  // namespace facet::capture
