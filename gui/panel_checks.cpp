// The checks: one line per check with its verdict badge and message, then the histograms of
// the frame and of the background (velvet) alone.
#include "gui/panels.hpp"

#include <cmath>

namespace facet::station {

void drawChecksPanel(const LiveSnapshot* live, StationView& view) {
    const ImVec2 start = ImGui::GetCursorScreenPos();
    ImGui::TextDisabled("CHECKS");
    if (live) {
        // Square-root heights: the velvet's dark peak would otherwise flatten everything else.
        Histogram frame, background;
        for (int i = 0; i < kHistogramBins; ++i) {
            frame[size_t(i)] = std::sqrt(live->frameHistogram[size_t(i)]);
            background[size_t(i)] = std::sqrt(live->backgroundHistogram[size_t(i)]);
        }
        const float w = ImGui::GetContentRegionAvail().x;
        ImGui::PlotHistogram("##frame", frame.data(), kHistogramBins, 0, "frame", 0.f, FLT_MAX, ImVec2(w / 2 - 4, 44));
        ImGui::SameLine();
        ImGui::PlotHistogram("##background", background.data(), kHistogramBins, 0, "background", 0.f, FLT_MAX,
                             ImVec2(w / 2 - 4, 44));
    }
    if (!live) {
        ImGui::TextWrapped("No live frame to check yet.");
    } else if (!live->checksAvailable) {
        ImGui::TextWrapped("The checks have not run on this frame.");
    } else {
        for (const auto& c : live->checks) {
            verdictBadge(c.verdict);
            ImGui::SameLine();
            ImGui::TextUnformatted(c.name.c_str());
            ImGui::Indent(12);
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted(c.message.c_str());
            ImGui::PopTextWrapPos();
            ImGui::Unindent(12);
        }
    }
    const ImVec2 end = ImGui::GetCursorScreenPos();
    view.checksPanel = {start.x, start.y, ImGui::GetWindowWidth(), end.y - start.y};
}

}  // namespace facet::station
