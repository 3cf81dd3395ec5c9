#pragma once
// What the station needs from a camera, whatever drives it (capture/'s camera thread over
// libgphoto2, or its simulated studio camera). Every call returns at once: the camera lives on
// its own thread and the station only reads what it published and posts what it wants.
#include <opencv2/core.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace facet::station {

enum class CameraState { NoCamera, Connecting, Live, Capturing, Unplugged, Failed };
const char* cameraStateName(CameraState s);  // "no camera", "live", ...

struct CameraStatus {
    CameraState state = CameraState::NoCamera;
    std::string model;    // "Simulated studio camera", "Canon EOS 90D"
    std::string message;  // when something went wrong: what happened and what to do
};

// One of the camera's own settings, with the choices the camera itself offers.
struct CameraSetting {
    std::string name;     // "iso", "shutter", "aperture", "white-balance", "format"
    std::string label;    // "ISO"
    std::string value;
    std::vector<std::string> choices;
    bool writable = true;
};

struct LiveFrame {
    uint64_t number = 0;  // increases by one per frame the camera sent
    cv::Mat bgr;          // CV_8UC3 sRGB, owned by this frame (never written again)
};

// What a capture is for: the station keeps plates apart from shots.
enum class ShotRole { Shot, Plate, BacklitShot, BacklitPlate };
const char* shotRoleName(ShotRole r);  // "shot", "plate", "backlit-shot", "backlit-plate"

struct CaptureRequest {
    uint64_t id = 0;
    ShotRole role = ShotRole::Shot;
    std::string folder;   // where the file goes (on disk before anything else happens to it)
    std::string stem;     // file name without extension
};

struct CaptureOutcome {
    uint64_t id = 0;
    ShotRole role = ShotRole::Shot;
    bool ok = false;
    std::string path;     // the file on disk (when ok)
    std::string message;  // why it failed and what to do (when not ok)
    std::string previewPath{};  // the JPEG of a RAW+JPEG pair: quick to decode for a first look
    // Only the JPEG of a RAW+JPEG pair is on disk yet (previewPath; path empty): reported so a
    // preview can start while the RAW is still downloaded. The full outcome of this id follows.
    bool previewOnly = false;
    double cameraMs = 0;      // the camera's own part: shutter, exposure, its card
    double savedMs = 0;       // downloading the files and keeping them on disk (written, fsynced, renamed)
};

class StationCamera {
public:
    virtual ~StationCamera() = default;
    virtual CameraStatus status() const = 0;
    // The newest live frame; null before the first one.
    virtual std::shared_ptr<const LiveFrame> newestFrame() const = 0;
    virtual std::vector<CameraSetting> settings() const = 0;
    virtual void changeSetting(const std::string& name, const std::string& value) = 0;
    virtual void capture(const CaptureRequest& request) = 0;
    // Captures finished since the last call.
    virtual std::vector<CaptureOutcome> takeFinishedCaptures() = 0;
    // Live frames asked for per second, at most the camera's own rate. The station slows the live
    // view while it cuts out a capture: on two cores a full-rate live view takes one of them.
    virtual void setLiveFps(double fps) = 0;
    // Set-up faults a simulated camera can stage ("spill left", "unplug", "backlight on");
    // false with `why` filled when this camera cannot.
    virtual bool simulate(const std::string& what, std::string& why) = 0;
};

// "sim" or a camera model (with `port`, e.g. "usb:" or "ptpip:127.0.0.1:15740:15740").
// Never throws: when no camera can be opened the result reports NoCamera/Failed with a message.
// `simCaptureSize`: the simulated camera's capture size (its sensor), e.g. 6000x4000 for 24 MP.
std::unique_ptr<StationCamera> openStationCamera(const std::string& spec, const std::string& port,
                                                 cv::Size simCaptureSize = {3000, 2000});

}  // namespace facet::station
