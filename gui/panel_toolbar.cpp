// The toolbar: what the photographer does most, each with its key in the label.
#include "gui/panels.hpp"

namespace facet::station {

void drawToolbar(Station& station, StationView& view, const ScreenRect& area) {
    if (beginPanel("##toolbar", area)) {
        uint32_t bits = station.overlayBits();
        for (const auto& o : overlays()) {
            bool on = bits & o.bit;
            if (ImGui::Checkbox(o.label, &on)) station.setOverlays(on ? (bits | o.bit) : (bits & ~o.bit));
            ImGui::SameLine();
        }
        ImGui::TextDisabled("|");
        ImGui::SameLine();
        if (ImGui::Button("Capture (Space)")) station.capture();
        ImGui::SameLine();
        if (ImGui::Button("Plate (P)")) station.capturePlate();
        ImGui::SameLine();
        ImGui::TextDisabled("|");
        ImGui::SameLine();
        if (ImGui::RadioButton("Live (L)", view.view == MainView::Live)) view.view = MainView::Live;
        ImGui::SameLine();
        if (ImGui::RadioButton("Inspect (I)", view.view == MainView::Inspector)) view.view = MainView::Inspector;
    }
    ImGui::End();
}

}  // namespace facet::station
