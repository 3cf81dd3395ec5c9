#include "gui/capture_bench.hpp"

#include "gui/frame_bench.hpp"

#include <algorithm>

namespace facet::station {

std::vector<ScriptAction> captureBenchScript(int captures) {
    std::vector<ScriptAction> script = {{"wait-live", {}, 1}};
    for (int i = 0; i <= captures; ++i) {
        script.push_back({"capture", {}, int(script.size()) + 1});
        script.push_back({"wait-cutout", {}, int(script.size()) + 1});
    }
    script.push_back({"quit", {}, int(script.size()) + 1});
    return script;
}

void CaptureBench::see(const std::shared_ptr<const CutoutSnapshot>& cutout) {
    if (!cutout || cutout == last_) return;
    last_ = cutout;
    if (!cutout->error.empty()) return;
    shown_.push_back({cutout->captureId, cutout->preview, cutout->captureToShownMs, cutout->fileToShownMs,
                      cutout->cutoutMs, cutout->cameraMs, cutout->savedMs});
}

nlohmann::json CaptureBench::report() const {
    // The warm-up is the first capture seen; everything after it counts.
    const uint64_t warmUp = shown_.empty() ? 0 : shown_.front().captureId;
    nlohmann::json list = nlohmann::json::array();
    std::vector<double> previewFromPress, previewFromFiles, fullFromPress, fullFromFiles, camera, saved, cutout;
    for (const auto& s : shown_) {
        if (s.captureId == warmUp) continue;
        list.push_back({{"capture_id", s.captureId},
                        {"preview", s.preview},
                        {"capture_to_shown_ms", s.captureToShownMs},
                        {"file_to_shown_ms", s.fileToShownMs},
                        {"cutout_ms", s.cutoutMs},
                        {"camera_ms", s.cameraMs},
                        {"saved_ms", s.savedMs}});
        (s.preview ? previewFromPress : fullFromPress).push_back(s.captureToShownMs);
        (s.preview ? previewFromFiles : fullFromFiles).push_back(s.fileToShownMs);
        if (!s.preview) {
            camera.push_back(s.cameraMs);
            saved.push_back(s.savedMs);
            cutout.push_back(s.cutoutMs);
        }
    }
    const auto median = [](const std::vector<double>& v) { return v.empty() ? nlohmann::json(nullptr) : nlohmann::json(percentile(v, 0.5)); };
    // The first cutout the photographer sees: the preview when there is one.
    std::vector<double> firstFromPress = previewFromPress.empty() ? fullFromPress : previewFromPress;
    return {{"captures", fullFromPress.size()},
            {"first_cutout_shown_ms_median", median(firstFromPress)},
            {"preview_capture_to_shown_ms_median", median(previewFromPress)},
            {"preview_file_to_shown_ms_median", median(previewFromFiles)},
            {"full_capture_to_shown_ms_median", median(fullFromPress)},
            {"full_file_to_shown_ms_median", median(fullFromFiles)},
            {"camera_ms_median", median(camera)},
            {"saved_ms_median", median(saved)},
            {"full_cutout_ms_median", median(cutout)},
            {"shown", list}};
}

}  // namespace facet::station
