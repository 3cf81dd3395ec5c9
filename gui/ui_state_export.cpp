#include "gui/ui_state_export.hpp"

namespace facet::station {

namespace {

nlohmann::json rect(const ScreenRect& r) { return {{"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}}; }

}  // namespace

nlohmann::json uiState(const Station& station, const StationView& view, int windowWidth, int windowHeight) {
    using nlohmann::json;
    json j;
    j["window"] = {{"width", windowWidth}, {"height", windowHeight}};
    j["view"] = view.view == MainView::Live ? "live" : "inspector";
    j["overlays"] = json::array();
    for (const auto& o : overlays())
        if (station.overlayBits() & o.bit) j["overlays"].push_back(o.name);
    j["layout"] = {{"live_area", rect(view.liveArea)}, {"checks_panel", rect(view.checksPanel)},
                   {"status_bar", rect(view.statusBar)}};
    const StationStatus s = station.status();
    j["camera"] = {{"state", cameraStateName(s.camera.state)}, {"model", s.camera.model}, {"message", s.camera.message}};
    j["status"] = {{"live_fps", s.liveFps},          {"pipeline_ms", s.pipelineMs},
                   {"disk_free_gb", s.diskFreeGb},   {"collection", s.collectionFolder},
                   {"cutout_running", s.cutoutRunning}, {"guidance", s.guidance.active ? s.guidance.prompt : ""}};
    j["profile"] = {{"name", s.profileName},       {"title", s.profileTitle},
                    {"error", s.profileError},     {"background", s.backgroundModel},
                    {"plate_ready", s.plateReady}, {"backlit_plate_ready", s.backlitPlateReady}};
    j["problems"] = s.problems;
    j["log"] = s.log;
    json live = nullptr;
    if (auto l = station.live()) {
        live = {{"frame_number", l->frameNumber},
                {"live_image_on_screen", view.liveImageOnScreen},
                {"checks_available", l->checksAvailable},
                {"pipeline_ms", l->pipelineMs},
                {"edge_segments", l->edgeSegments.size()},
                {"thin_marks", l->thinStructures.size()}};
        live["checks"] = json::array();
        for (const auto& c : l->checks)
            live["checks"].push_back({{"name", c.name}, {"verdict", verdictName(c.verdict)}, {"message", c.message}});
        int weak = 0;
        for (const auto& seg : l->edgeSegments) weak += seg.verdict != Verdict::Ok;
        live["weak_edge_segments"] = weak;
    }
    j["live"] = live;
    json cut = nullptr;
    if (auto c = station.cutout()) {
        cut = {{"capture_id", c->captureId}, {"shot", c->shotPath},          {"method", c->method},
               {"error", c->error},          {"cutout_ms", c->cutoutMs},   {"preview", c->preview},     {"capture_to_shown_ms", c->captureToShownMs}, {"file_to_shown_ms", c->fileToShownMs}, {"camera_ms", c->cameraMs}, {"saved_ms", c->savedMs},
               {"notes", c->notes},          {"size", {c->cutoutRgba.cols, c->cutoutRgba.rows}}};
        cut["review"] = json::array();
        for (const auto& r : c->review)
            cut["review"].push_back({{"box", {r.box.x, r.box.y, r.box.width, r.box.height}}, {"reason", r.reason},
                                     {"severity", r.severity}});
    }
    j["cutout"] = cut;
    const Inspector& in = view.inspector;
    static const char* backgrounds[] = {"checker", "white", "black", "custom"};
    j["inspector"] = {{"zoom_percent", in.zoomPercent},      {"centre", {in.centre.x, in.centre.y}},
                      {"background", backgrounds[int(in.background)]}, {"before", in.showBefore},
                      {"confidence", in.showConfidence},     {"selected_region", in.selectedRegion}};
    j["collection"] = json::array();
    for (const auto& e : station.collection())
        j["collection"].push_back({{"id", e.captureId},
                                   {"shot", e.shotPath},
                                   {"cutout", e.cutoutPath},
                                   {"consistency", verdictName(e.consistency)},
                                   {"consistency_message", e.consistencyMessage},
                                   {"decision", decisionName(e.decision)}});
    j["strict"] = station.strictCollection();
    return j;
}

}  // namespace facet::station
