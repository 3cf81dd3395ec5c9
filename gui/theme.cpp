// A neutral grey theme: colour is kept for verdicts and overlays, so a warning stands out and
// the photographer's judgement of the image is not coloured by the interface around it.
#include "gui/panels.hpp"

namespace facet::station {

void applyTheme(float uiScale) {
    ImGuiStyle& s = ImGui::GetStyle();
    ImGui::StyleColorsDark();
    s.WindowRounding = 0;
    s.FrameRounding = 3;
    s.GrabRounding = 3;
    s.WindowBorderSize = 1;
    s.FramePadding = ImVec2(8, 5);
    s.ItemSpacing = ImVec2(8, 6);
    ImVec4* c = s.Colors;
    auto grey = [](float v, float a = 1.f) { return ImVec4(v, v, v, a); };
    c[ImGuiCol_Text] = grey(0.92f);
    c[ImGuiCol_TextDisabled] = grey(0.55f);
    c[ImGuiCol_WindowBg] = grey(0.20f);
    c[ImGuiCol_ChildBg] = grey(0.18f);
    c[ImGuiCol_PopupBg] = grey(0.16f);
    c[ImGuiCol_Border] = grey(0.32f);
    c[ImGuiCol_FrameBg] = grey(0.28f);
    c[ImGuiCol_FrameBgHovered] = grey(0.34f);
    c[ImGuiCol_FrameBgActive] = grey(0.38f);
    c[ImGuiCol_TitleBg] = grey(0.16f);
    c[ImGuiCol_TitleBgActive] = grey(0.22f);
    c[ImGuiCol_MenuBarBg] = grey(0.18f);
    c[ImGuiCol_Button] = grey(0.32f);
    c[ImGuiCol_ButtonHovered] = grey(0.40f);
    c[ImGuiCol_ButtonActive] = grey(0.48f);
    c[ImGuiCol_Header] = grey(0.30f);
    c[ImGuiCol_HeaderHovered] = grey(0.38f);
    c[ImGuiCol_HeaderActive] = grey(0.44f);
    c[ImGuiCol_CheckMark] = grey(0.95f);
    c[ImGuiCol_SliderGrab] = grey(0.60f);
    c[ImGuiCol_SliderGrabActive] = grey(0.75f);
    c[ImGuiCol_Separator] = grey(0.32f);
    c[ImGuiCol_PlotHistogram] = grey(0.70f);
    c[ImGuiCol_PlotHistogramHovered] = grey(0.85f);
    s.ScaleAllSizes(uiScale);
}

ImU32 verdictColour(Verdict v) {
    switch (v) {
        case Verdict::Ok: return IM_COL32(70, 190, 110, 255);
        case Verdict::Warn: return IM_COL32(240, 175, 30, 255);
        case Verdict::Fail: return IM_COL32(230, 60, 50, 255);
        case Verdict::Unknown: return IM_COL32(140, 140, 140, 255);
    }
    return IM_COL32(140, 140, 140, 255);
}

void verdictBadge(Verdict v) {
    const char* text = v == Verdict::Ok ? " OK " : v == Verdict::Warn ? "WARN" : v == Verdict::Fail ? "FAIL" : " ?? ";
    const ImVec2 size = ImGui::CalcTextSize("WARN");
    const ImVec2 pad(6, 2);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + size.x + 2 * pad.x, p.y + size.y + 2 * pad.y), verdictColour(v), 3);
    const ImVec2 t = ImGui::CalcTextSize(text);
    dl->AddText(ImVec2(p.x + pad.x + (size.x - t.x) / 2, p.y + pad.y), IM_COL32(20, 20, 20, 255), text);
    ImGui::Dummy(ImVec2(size.x + 2 * pad.x, size.y + 2 * pad.y));
}

bool beginPanel(const char* name, const ScreenRect& r, ImGuiWindowFlags extra) {
    ImGui::SetNextWindowPos(ImVec2(r.x, r.y));
    ImGui::SetNextWindowSize(ImVec2(r.w, r.h));
    // No background of its own: the panels tile the window, whose clear already paints the theme's
    // grey (panelBackground()). Without a GPU a full-window layer of background quads costs a
    // third of the frame.
    return ImGui::Begin(name, nullptr,
                        ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                            ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoTitleBar |
                            ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground | extra);
}

ImVec4 panelBackground() { return ImGui::GetStyle().Colors[ImGuiCol_WindowBg]; }

}  // namespace facet::station
