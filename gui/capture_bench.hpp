#pragma once
// The station's capture benchmark (--bench-capture N): presses Capture N + 1 times on the real
// window, one capture at a time, and records when each cutout reached the inspector: the preview
// (big shots: a cutout of the camera's JPEG at a quarter size) and the full-resolution one. The
// first capture is a warm-up (the simulated camera renders its scene at capture size once) and
// is not counted.
#include "gui/station.hpp"
#include "gui/station_script.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <vector>

namespace facet::station {

// wait-live, then N + 1 times: capture, wait-cutout; then quit.
std::vector<ScriptAction> captureBenchScript(int captures);

class CaptureBench {
public:
    explicit CaptureBench(int captures) : wanted_(captures) {}
    bool active() const { return wanted_ > 0; }
    // Called every window frame with the cutout on offer: each new snapshot is recorded once.
    void see(const std::shared_ptr<const CutoutSnapshot>& cutout);
    // Every counted snapshot and the medians of preview and full cutout, from the press and
    // from the files being on disk, with the camera's and the saving's part.
    nlohmann::json report() const;

private:
    struct Shown {
        uint64_t captureId = 0;
        bool preview = false;
        double captureToShownMs = 0, fileToShownMs = 0, cutoutMs = 0, cameraMs = 0, savedMs = 0;
    };
    int wanted_;
    std::shared_ptr<const CutoutSnapshot> last_;
    std::vector<Shown> shown_;
};

}  // namespace facet::station
