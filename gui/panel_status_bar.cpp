// The status bar: camera state, live fps, pipeline time per frame, disk space left, and the
// newest event, so the photographer at the set can read the station's health at a glance.
#include "gui/panels.hpp"

#include <cstdio>

namespace facet::station {

void drawStatusBar(const StationStatus& status, const LiveSnapshot* live, StationView& view, const ScreenRect& area) {
    view.statusBar = area;
    if (beginPanel("##status", area, ImGuiWindowFlags_NoScrollbar)) {
        const bool bad = status.camera.state != CameraState::Live && status.camera.state != CameraState::Capturing;
        ImGui::PushStyleColor(ImGuiCol_Text, bad ? verdictColour(Verdict::Fail) : verdictColour(Verdict::Ok));
        ImGui::Text("Camera: %s", cameraStateName(status.camera.state));
        ImGui::PopStyleColor();
        ImGui::SameLine();
        ImGui::Text("|  %s  |  live %.1f fps  |  pipeline %.1f ms/frame  |", status.camera.model.empty() ? "-" : status.camera.model.c_str(),
                    status.liveFps, status.pipelineMs);
        ImGui::SameLine();
        if (status.diskFreeGb < 0)
            ImGui::TextUnformatted("disk: unknown");
        else {
            ImGui::PushStyleColor(ImGuiCol_Text, status.diskFreeGb < 0.5 ? verdictColour(Verdict::Fail) : ImGui::GetColorU32(ImGuiCol_Text));
            ImGui::Text("disk: %.1f GB free", status.diskFreeGb);
            ImGui::PopStyleColor();
        }
        if (status.cutoutRunning) {
            ImGui::SameLine();
            ImGui::TextUnformatted("|  cutout running (live view slowed meanwhile)...");
        }
        if (!status.log.empty()) {
            ImGui::SameLine();
            ImGui::TextDisabled("|  %s", status.log.back().c_str());
        }
    }
    ImGui::End();
}

}  // namespace facet::station
