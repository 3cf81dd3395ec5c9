#include "gui/station_camera.hpp"

#include "capture/gphoto2_camera.hpp"
#include "capture/simulated_studio_camera.hpp"
#include "gui/station_camera_link.hpp"

#include <algorithm>
#include <mutex>
#include <sstream>

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
    void setLiveFps(double) override {}
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

// What the simulated studio lets a script or a demo do to the set.
bool stageStudio(capture::SimulatedStudioCamera& studio, const std::string& what, std::string& why) {
    std::istringstream words(what);
    std::string verb, object;
    words >> verb >> object;
    if (verb == "spill" && object == "off") {
        studio.setLeftSpill(0);
        return true;
    }
    if (verb == "spill" && object == "left") {
        double amount = 1.0;  // +100 % at the left edge: a flag fell over, a window is open
        if (!(words >> amount)) amount = 1.0;
        studio.setLeftSpill(std::clamp(amount, 0.0, 4.0));
        return true;
    }
    if ((verb == "remove" || verb == "place") && object == "piece") {
        studio.setPieceOnSet(verb == "place");
        return true;
    }
    why = "the simulated studio stages 'spill left [AMOUNT]', 'spill off', 'remove piece', 'place piece', "
          "'backlight on|off', 'unplug', 'replug'";
    return false;
}

}  // namespace

std::unique_ptr<StationCamera> openStationCamera(const std::string& spec, const std::string& port,
                                                 cv::Size simCaptureSize) {
    if (spec == "sim") {
        capture::StudioSimulationOptions studioOptions;
        studioOptions.captureSize = simCaptureSize;
        auto camera = std::make_unique<capture::SimulatedStudioCamera>(studioOptions);
        capture::SimulatedStudioCamera* studio = camera.get();  // owned by the link, which outlives its stage hook
        CameraLinkOptions options;
        options.stage = [studio](const std::string& what, std::string& why) { return stageStudio(*studio, what, why); };
        return linkCamera(std::move(camera), options);
    }
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
