// The camera panel: the camera's own settings with the choices the camera itself reports;
// a change is posted to the camera thread, the panel shows what the camera says back.
#include "gui/panels.hpp"

namespace facet::station {

void drawCameraPanel(Station& station, const StationStatus& status) {
    ImGui::TextDisabled("CAMERA");
    ImGui::Text("%s  (%s)", status.camera.model.empty() ? "no camera" : status.camera.model.c_str(),
                cameraStateName(status.camera.state));
    if (!status.camera.message.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, verdictColour(Verdict::Warn));
        ImGui::TextWrapped("%s", status.camera.message.c_str());
        ImGui::PopStyleColor();
    }
    for (const auto& s : station.cameraSettings()) {
        ImGui::PushID(s.name.c_str());
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
        if (!s.writable || s.choices.empty()) {
            ImGui::Text("%s: %s", s.label.c_str(), s.value.c_str());
        } else if (ImGui::BeginCombo(s.label.c_str(), s.value.c_str())) {
            for (const auto& choice : s.choices)
                if (ImGui::Selectable(choice.c_str(), choice == s.value) && choice != s.value)
                    station.changeSetting(s.name, choice);
            ImGui::EndCombo();
        }
        ImGui::PopID();
    }
}

}  // namespace facet::station
