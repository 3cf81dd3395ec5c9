#include "gui/station_camera.hpp"

#include "capture/gphoto2_camera.hpp"
#include "gui/station_camera_link.hpp"

#include <mutex>

namespace facet::station {

const char* cameraStateName(CameraState s) {
    switch (s) {
        case CameraState::NoCamera: return "no camera";
        case CameraState::Connecting: return "connecting";
        case CameraState::Live: return "live";
        case CameraState::Capturing: return "capturing";
        case CameraState::Unplugged: return "unplugged";
        case CameraState::Failed: return "failed";
    }
    return "no camera";
}

const char* shotRoleName(ShotRole r) {
    switch (r) {
        case ShotRole::Shot: return "shot";
        case ShotRole::Plate: return "plate";
        case ShotRole::BacklitShot: return "backlit-shot";
        case ShotRole::BacklitPlate: return "backlit-plate";
    }
    return "shot";
}

namespace {

// The station without a camera: it still opens, says why there is no camera and what to do,
// and refuses captures with that same message.
class NoCamera final : public StationCamera {
public:
    NoCamera(CameraState state, std::string model, std::string why)
        : state_(state), model_(std::move(model)), why_(std::move(why)) {}
    CameraStatus status() const override { return {state_, model_, why_}; }
    std::shared_ptr<const LiveFrame> newestFrame() const override { return nullptr; }
    std::vector<CameraSetting> settings() const override { return {}; }
    void changeSetting(const std::string&, const std::string&) override {}
    void capture(const CaptureRequest& request) override {
        std::lock_guard lock(mutex_);
        finished_.push_back({request.id, request.role, false, "", "no camera: " + why_});
    }
    std::vector<CaptureOutcome> takeFinishedCaptures() override {
        std::lock_guard lock(mutex_);
        return std::exchange(finished_, {});
    }
    bool simulate(const std::string&, std::string& why) override {
        why = "there is no simulated camera to stage that on";
        return false;
    }

private:
    CameraState state_;
    std::string model_;
    std::string why_;
    std::mutex mutex_;
    std::vector<CaptureOutcome> finished_;
};

}  // namespace

std::unique_ptr<StationCamera> openStationCamera(const std::string& spec, const std::string& port) {
    if (spec == "sim")
        return std::make_unique<NoCamera>(CameraState::NoCamera, "Simulated studio camera",
                                          "this build has no simulated studio camera; use a real camera with "
                                          "--camera MODEL --port PORT");
    try {
        capture::Gphoto2Options o;
        o.model = spec == "auto" ? "" : spec;
        o.port = port;
        return linkCamera(std::make_unique<capture::Gphoto2Camera>(o));
    } catch (const std::exception& e) {
        return std::make_unique<NoCamera>(CameraState::Failed, spec,
                                          std::string(e.what()) + ". Check that the camera is on, connected (" +
                                              (port.empty() ? "USB" : port) +
                                              ") and not claimed by another program (gvfs, a photo importer).");
    }
}

}  // namespace facet::station
