// The cutout inspector: the newest cutout over a checkerboard, white, black or a custom colour,
// 100-400 % zoom with a pixel grid, pan, before/after, the confidence overlay and the review
// regions (click one to jump there). Drawn straight-alpha over the chosen background by the GPU.
#include "gui/panels.hpp"

#include <algorithm>
#include <cmath>

namespace facet::station {

namespace {

// The cutout goes up at once; the shot and the confidence map only when first asked for (at 24 MP
// each texture is ~100 MB to copy: three at once would stall the window for a visible moment).
void uploadIfNew(StationView& view, const CutoutSnapshot& c) {
    // By snapshot, not capture id: a preview and the full cutout of one capture are two snapshots.
    if (view.cutoutShown.get() != &c) {
        if (!c.cutoutRgba.empty()) view.cutoutTexture.upload(c.cutoutRgba);
        if (view.cutoutShownId != c.captureId) view.inspector.selectedRegion = -1;
        view.cutoutShown = view.shownCutout;
        view.cutoutShownId = c.captureId;
    }
    if (view.inspector.showBefore && view.shotShown.get() != &c && !c.shotRgba.empty()) {
        view.shotTexture.upload(c.shotRgba);
        view.shotShown = view.shownCutout;
    }
    if (view.inspector.showConfidence && view.confidenceShown.get() != &c && !c.confidenceRgba.empty()) {
        view.confidenceTexture.upload(c.confidenceRgba);
        view.confidenceShown = view.shownCutout;
    }
}

void drawBackground(ImDrawList* dl, ImVec2 a, ImVec2 b, const Inspector& in) {
    switch (in.background) {
        case InspectorBackground::White: dl->AddRectFilled(a, b, IM_COL32(255, 255, 255, 255)); return;
        case InspectorBackground::Black: dl->AddRectFilled(a, b, IM_COL32(0, 0, 0, 255)); return;
        case InspectorBackground::Custom:
            dl->AddRectFilled(a, b, ImGui::ColorConvertFloat4ToU32(ImVec4(in.custom[0], in.custom[1], in.custom[2], 1)));
            return;
        case InspectorBackground::Checker: {
            const float cell = 12;
            dl->AddRectFilled(a, b, IM_COL32(200, 200, 200, 255));
            for (float y = a.y; y < b.y; y += cell)
                for (float x = a.x + (int((y - a.y) / cell) % 2) * cell; x < b.x; x += 2 * cell)
                    dl->AddRectFilled(ImVec2(x, y), ImVec2(std::min(x + cell, b.x), std::min(y + cell, b.y)),
                                      IM_COL32(150, 150, 150, 255));
            return;
        }
    }
}

}  // namespace

void inspectorZoom(StationView& view, double percent) {
    view.inspector.zoomPercent = percent <= 0 ? 0 : std::clamp(percent, 25.0, 800.0);
}

void inspectorJumpToRegion(StationView& view, const CutoutSnapshot& cutout, int index) {
    if (index < 0 || index >= int(cutout.review.size())) return;
    const cv::Rect& box = cutout.review[size_t(index)].box;
    view.inspector.selectedRegion = index;
    view.inspector.centre = cv::Point2d(box.x + box.width / 2.0, box.y + box.height / 2.0);
    if (view.inspector.zoomPercent < 100) view.inspector.zoomPercent = 200;
}

void drawCutoutInspector(Station& station, StationView& view, const CutoutSnapshot* cutout, const ScreenRect& area) {
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    if (beginPanel("##inspector", area, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
        Inspector& in = view.inspector;
        const float sideW = 300;
        const ScreenRect img{area.x, area.y, area.w - sideW, area.h};
        if (!cutout) {
            ImGui::SetCursorPos(ImVec2(40, area.h / 2));
            ImGui::TextUnformatted("No cutout yet: capture a shot (Space) and it appears here.");
        } else if (!cutout->error.empty()) {
            ImGui::SetCursorPos(ImVec2(40, area.h / 2));
            ImGui::PushTextWrapPos(img.w - 40);
            ImGui::PushStyleColor(ImGuiCol_Text, verdictColour(Verdict::Fail));
            ImGui::TextUnformatted(cutout->error.c_str());
            ImGui::PopStyleColor();
            ImGui::PopTextWrapPos();
        } else {
            uploadIfNew(view, *cutout);
            const cv::Size shot = cutout->cutoutRgba.size();
            const double fitScale = std::min(img.w / shot.width, img.h / shot.height);
            const double scale = in.zoomPercent <= 0 ? fitScale : in.zoomPercent / 100.0;
            if (in.centre.x < 0) in.centre = cv::Point2d(shot.width / 2.0, shot.height / 2.0);
            // Drag pans, the wheel zooms (mouse over the image only).
            ImGui::SetCursorScreenPos(ImVec2(img.x, img.y));
            ImGui::InvisibleButton("##image", ImVec2(img.w, img.h));
            if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
                const ImVec2 d = ImGui::GetIO().MouseDelta;
                in.centre -= cv::Point2d(d.x / scale, d.y / scale);
            }
            if (ImGui::IsItemHovered() && ImGui::GetIO().MouseWheel != 0) {
                const double base = in.zoomPercent <= 0 ? fitScale * 100 : in.zoomPercent;
                inspectorZoom(view, base * (ImGui::GetIO().MouseWheel > 0 ? 1.25 : 0.8));
            }
            const ImVec2 mid(img.x + img.w / 2, img.y + img.h / 2);
            const ImVec2 p0(float(mid.x - in.centre.x * scale), float(mid.y - in.centre.y * scale));
            const ImVec2 p1(float(p0.x + shot.width * scale), float(p0.y + shot.height * scale));
            ImDrawList* dl = ImGui::GetWindowDrawList();
            dl->PushClipRect(ImVec2(img.x, img.y), ImVec2(img.x + img.w, img.y + img.h), true);
            const bool nearest = scale >= 1.5;
            view.cutoutTexture.setNearest(nearest);
            view.shotTexture.setNearest(nearest);
            if (in.showBefore) {
                dl->AddImage(view.shotTexture.imguiId(), p0, p1);
            } else {
                drawBackground(dl, ImVec2(std::max(p0.x, img.x), std::max(p0.y, img.y)),
                               ImVec2(std::min(p1.x, img.x + img.w), std::min(p1.y, img.y + img.h)), in);
                dl->AddImage(view.cutoutTexture.imguiId(), p0, p1);
            }
            if (in.showConfidence) dl->AddImage(view.confidenceTexture.imguiId(), p0, p1);
            if (scale >= 3.0) {  // pixel grid: one line per shot pixel in the visible part
                const ImU32 gridColour = IM_COL32(60, 60, 60, 140);
                const int x0 = std::max(0, int((img.x - p0.x) / scale)), x1 = std::min(shot.width, int((img.x + img.w - p0.x) / scale) + 1);
                const int y0 = std::max(0, int((img.y - p0.y) / scale)), y1 = std::min(shot.height, int((img.y + img.h - p0.y) / scale) + 1);
                for (int x = x0; x <= x1; ++x)
                    dl->AddLine(ImVec2(float(p0.x + x * scale), float(p0.y + y0 * scale)),
                                ImVec2(float(p0.x + x * scale), float(p0.y + y1 * scale)), gridColour);
                for (int y = y0; y <= y1; ++y)
                    dl->AddLine(ImVec2(float(p0.x + x0 * scale), float(p0.y + y * scale)),
                                ImVec2(float(p0.x + x1 * scale), float(p0.y + y * scale)), gridColour);
            }
            for (size_t i = 0; i < cutout->review.size(); ++i) {
                const cv::Rect& b = cutout->review[i].box;
                const bool sel = int(i) == in.selectedRegion;
                dl->AddRect(ImVec2(float(p0.x + b.x * scale), float(p0.y + b.y * scale)),
                            ImVec2(float(p0.x + b.br().x * scale), float(p0.y + b.br().y * scale)),
                            sel ? IM_COL32(255, 220, 0, 255) : IM_COL32(255, 140, 0, 200), 0, 0, sel ? 3.f : 1.5f);
            }
            dl->PopClipRect();

            // Side column: controls and the review list.
            ImGui::SetCursorScreenPos(ImVec2(img.x + img.w + 10, area.y + 10));
            ImGui::BeginGroup();
            ImGui::PushItemWidth(sideW - 24);
            ImGui::TextDisabled("CUTOUT #%llu  (%s%s)", (unsigned long long)cutout->captureId, cutout->method.c_str(),
                                cutout->preview ? ", preview" : "");
            ImGui::Text("shown %.0f ms after capture", cutout->captureToShownMs);
            ImGui::Text("zoom: %s", in.zoomPercent <= 0 ? "fit (0)" : (std::to_string(int(in.zoomPercent)) + " %").c_str());
            for (int z : {100, 200, 300, 400}) {
                if (ImGui::SmallButton((std::to_string(z) + "%").c_str())) inspectorZoom(view, z);
                ImGui::SameLine();
            }
            if (ImGui::SmallButton("fit")) inspectorZoom(view, 0);
            int bg = int(in.background);
            ImGui::Combo("##bg", &bg, "checkerboard (B)\0white\0black\0custom colour\0");
            in.background = InspectorBackground(bg);
            if (in.background == InspectorBackground::Custom) ImGui::ColorEdit3("##custom", in.custom);
            ImGui::Checkbox("before (V)", &in.showBefore);
            ImGui::SameLine();
            ImGui::Checkbox("confidence (C)", &in.showConfidence);
            ImGui::Separator();
            ImGui::Text("Review regions: %zu  (N: next)", cutout->review.size());
            ImGui::BeginChild("##regions", ImVec2(sideW - 20, area.h * 0.45f), true);
            for (size_t i = 0; i < cutout->review.size(); ++i) {
                const auto& r = cutout->review[i];
                const std::string label = std::to_string(i + 1) + ". " + r.reason + " (" + std::to_string(r.box.x) + "," +
                                          std::to_string(r.box.y) + ")";
                if (ImGui::Selectable(label.c_str(), int(i) == in.selectedRegion)) inspectorJumpToRegion(view, *cutout, int(i));
            }
            ImGui::EndChild();
            for (const auto& n : cutout->notes) ImGui::TextWrapped("- %s", n.c_str());
            ImGui::PopItemWidth();
            ImGui::EndGroup();
        }
    }
    ImGui::End();
    ImGui::PopStyleVar();
}

}  // namespace facet::station
