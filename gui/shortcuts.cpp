// Every action from the keyboard, so the photographer at the set never needs the mouse.
//   Space capture   P plate   M F Z E T G overlays   L live   I inspect   1-4 zoom 100-400 %
//   0 fit   arrows pan   N next review region   B background   V before/after   C confidence
//   A accept   R reject   S strict mode
#include "gui/panels.hpp"

#include <GLFW/glfw3.h>

namespace facet::station {

void handleShortcuts(Station& station, StationView& view) {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return;
    auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };
    if (pressed(GLFW_KEY_SPACE)) station.capture();
    if (pressed(GLFW_KEY_P)) station.capturePlate();
    for (const auto& o : overlays())
        if (pressed(o.key)) station.setOverlays(station.overlayBits() ^ o.bit);
    if (pressed(GLFW_KEY_L)) view.view = MainView::Live;
    if (pressed(GLFW_KEY_I)) view.view = MainView::Inspector;
    const auto entries = station.collection();
    const uint64_t selected = view.selectedCapture ? view.selectedCapture : (entries.empty() ? 0 : entries.back().captureId);
    if (pressed(GLFW_KEY_A) && selected) station.accept(selected);
    if (pressed(GLFW_KEY_R) && selected) station.reject(selected);
    if (pressed(GLFW_KEY_S)) station.setStrictCollection(!station.strictCollection());
    if (view.view != MainView::Inspector) return;
    Inspector& in = view.inspector;
    for (int i = 1; i <= 4; ++i)
        if (pressed(GLFW_KEY_0 + i)) inspectorZoom(view, 100.0 * i);
    if (pressed(GLFW_KEY_0)) inspectorZoom(view, 0);
    if (pressed(GLFW_KEY_B)) in.background = InspectorBackground((int(in.background) + 1) % 4);
    if (pressed(GLFW_KEY_V)) in.showBefore = !in.showBefore;
    if (pressed(GLFW_KEY_C)) in.showConfidence = !in.showConfidence;
    const double step = 40.0 / std::max(0.25, in.zoomPercent / 100.0);
    if (ImGui::IsKeyPressed(GLFW_KEY_LEFT)) in.centre.x -= step;
    if (ImGui::IsKeyPressed(GLFW_KEY_RIGHT)) in.centre.x += step;
    if (ImGui::IsKeyPressed(GLFW_KEY_UP)) in.centre.y -= step;
    if (ImGui::IsKeyPressed(GLFW_KEY_DOWN)) in.centre.y += step;
    if (pressed(GLFW_KEY_N))
        if (auto c = station.cutout(); c && !c->review.empty())
            inspectorJumpToRegion(view, *c, (in.selectedRegion + 1) % int(c->review.size()));
}

}  // namespace facet::station
