// The collection: a filmstrip of this session's captures (cutout over grey, consistency badge,
// decision), strict mode, and accept / reject for the selected capture.
#include "gui/panels.hpp"

namespace facet::station {

void drawCollectionPanel(Station& station, StationView& view, const ScreenRect& area) {
    if (beginPanel("##collection", area, ImGuiWindowFlags_HorizontalScrollbar)) {
        const auto entries = station.collection();
        bool strict = station.strictCollection();
        ImGui::TextDisabled("COLLECTION");
        ImGui::SameLine();
        ImGui::Text("%zu captures", entries.size());
        ImGui::SameLine();
        if (ImGui::Checkbox("Strict (S)", &strict)) station.setStrictCollection(strict);
        uint64_t selected = view.selectedCapture ? view.selectedCapture : (entries.empty() ? 0 : entries.back().captureId);
        ImGui::SameLine();
        if (ImGui::Button("Accept (A)") && selected) station.accept(selected);
        ImGui::SameLine();
        if (ImGui::Button("Reject (R)") && selected) station.reject(selected);
        const float thumbH = area.h - ImGui::GetCursorPosY() - 44;
        for (const auto& e : entries) {
            auto& tex = view.thumbnails[e.captureId];
            if (!tex) {
                tex = std::make_unique<GlTexture>();
                tex->upload(e.thumbnail);
            }
            ImGui::BeginGroup();
            const float w = thumbH * e.thumbnail.cols / std::max(1, e.thumbnail.rows);
            ImGui::PushID(int(e.captureId));
            const bool isSelected = e.captureId == selected;
            if (isSelected) ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(200, 200, 200, 255));
            if (ImGui::ImageButton(tex->imguiId(), ImVec2(w, thumbH))) {
                view.selectedCapture = e.captureId;
            }
            if (isSelected) ImGui::PopStyleColor();
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s", e.shotPath.c_str(), e.consistencyMessage.c_str());
            verdictBadge(e.consistency);
            ImGui::SameLine();
            ImGui::Text("#%llu %s", (unsigned long long)e.captureId, decisionName(e.decision));
            ImGui::PopID();
            ImGui::EndGroup();
            ImGui::SameLine();
        }
        if (entries.empty()) ImGui::TextDisabled("No captures yet: press Space to capture.");
    }
    ImGui::End();
}

}  // namespace facet::station
