#pragma once
// A real camera through libgphoto2 (USB bodies, or PTP/IP such as facet-ptpip-sim).
//
// What real bodies do to a tether, and what this class does about it:
//   - settings are read one widget at a time (gp_camera_get_single_config): some bodies take
//     seconds for the whole tree; each setting is found by name with per-family fallbacks;
//   - PTP "Device Busy" (0x2019) after live view or a capture: retried with backoff;
//   - a capture whose CaptureComplete never comes hangs libgphoto2 for good: the call runs on a
//     worker this class can abandon after a watchdog deadline, and the fault is reported;
//   - a lost connection is told apart from other failures and reported; reopen() reconnects;
//   - gp_camera_wait_for_event may return at once (PTP/IP): our own deadline and sleeps.
#include "capture/camera.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace facet::capture {

struct Gphoto2Options {
    std::string model;   // libgphoto2 model name ("PTP/IP Camera", "Canon EOS 5D Mark IV"); empty: autodetect
    std::string port;    // "usb:001,004", "ptpip:127.0.0.1:PORT:PORT"; empty: autodetect
    std::chrono::milliseconds captureWatchdog{30000};  // longest a capture may take before "not responding"
    int busyRetries = 6;
    std::chrono::milliseconds busyBackoff{100};       // doubles on each retry
};

// Cameras libgphoto2 finds on USB (and other auto-detectable ports).
std::vector<CameraInfo> detectGphoto2Cameras();

class Gphoto2Camera : public Camera {
public:
    // Opens the camera; throws CameraError (Disconnected when nothing answers).
    explicit Gphoto2Camera(Gphoto2Options options);
    ~Gphoto2Camera() override;

    CameraInfo info() const override;
    std::vector<Setting> settings() override;
    Setting setting(SettingKind kind) override;
    void set(SettingKind kind, const std::string& value) override;
    LiveFrame liveFrame() override;
    std::vector<CameraFileRef> capture() override;
    std::vector<uint8_t> download(const CameraFileRef& file) override;
    void deleteFromCamera(const CameraFileRef& file) override;
    std::vector<CameraFileRef> waitForBodyShots(std::chrono::milliseconds timeout) override;
    bool reopen() override;

    struct Connection;  // libgphoto2's camera + context; shared with an abandoned capture worker

private:
    Connection& connection();  // throws Disconnected when there is none
    std::optional<std::string> widgetFor(SettingKind kind);
    [[noreturn]] void fail(int gpResult, const std::string& what);
    std::vector<CameraFileRef> captureOnce();
    std::vector<CameraFileRef> drainAddedFiles();
    [[noreturn]] void throwRefusal(uint16_t ptpCode);
    void abandonCapture(const std::shared_ptr<void>& pendingCall);

    Gphoto2Options options_;
    CameraInfo info_;
    std::shared_ptr<Connection> connection_;
    std::map<SettingKind, std::optional<std::string>> widgets_;  // resolved widget names (nullopt: none)
    uint64_t liveSequence_ = 0;
};

}  // namespace facet::capture
