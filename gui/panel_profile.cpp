// The profile picker: which way of shooting is set up, whether its plates exist, and what the
// photographer is being asked to do next.
#include "gui/panels.hpp"

namespace facet::station {

void drawProfilePanel(Station& station, const StationStatus& status) {
    ImGui::TextDisabled("PROFILE");
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
    if (ImGui::BeginCombo("##profile", status.profileName.c_str())) {
        for (const auto& name : station.profileNames())
            if (ImGui::Selectable(name.c_str(), name == status.profileName)) station.selectProfile(name);
        ImGui::EndCombo();
    }
    if (!status.profileTitle.empty()) ImGui::TextWrapped("%s", status.profileTitle.c_str());
    ImGui::Text("background: %s", status.backgroundModel.c_str());
    ImGui::Text("clean plate: %s", status.plateReady ? "ready" : "none (press P with the set empty)");
    if (status.backgroundModel == "dual")
        ImGui::Text("backlit plate: %s", status.backlitPlateReady ? "ready" : "none");
    if (status.plateFramesDone > 0 && status.plateFramesDone < status.plateFramesWanted)
        ImGui::ProgressBar(float(status.plateFramesDone) / status.plateFramesWanted, ImVec2(-1, 0), "plate frames");
    if (!status.profileSummary.empty() && ImGui::CollapsingHeader("How to light it")) {
        ImGui::TextWrapped("%s", status.profileSummary.c_str());
        for (const auto& l : status.profileLights) ImGui::TextWrapped("- %s", l.c_str());
        if (!status.profileTips.empty()) ImGui::TextDisabled("Tips");
        for (const auto& t : status.profileTips) ImGui::TextWrapped("- %s", t.c_str());
    }
    if (!status.profileError.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, verdictColour(Verdict::Fail));
        ImGui::TextWrapped("%s", status.profileError.c_str());
        ImGui::PopStyleColor();
    }
}

}  // namespace facet::station
