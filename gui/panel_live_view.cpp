// The live view: the newest analysed frame, fitted to the main area, with the raster overlays
// already in the texture and the vector ones (outline segments, thin-structure marks, grid)
// drawn on top in frame coordinates.
#include "gui/opaque_image.hpp"
#include "gui/panels.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace facet::station {

namespace {

struct Fit {
    ImVec2 origin;
    float scale = 1;
    ImVec2 at(cv::Point2f p) const { return ImVec2(origin.x + p.x * scale, origin.y + p.y * scale); }
};

// Near-black around the frame, so the photographer judges the image's tones against no colour.
constexpr ImU32 kSurround = IM_COL32(12, 12, 12, 255);

// Fills the area outside `inner` (the letterbox bars), not under it: the image covers the rest.
void fillAround(ImDrawList* dl, ImVec2 a, ImVec2 b, ImVec2 innerA, ImVec2 innerB, ImU32 colour) {
    dl->AddRectFilled(a, ImVec2(b.x, innerA.y), colour);                         // above
    dl->AddRectFilled(ImVec2(a.x, innerB.y), b, colour);                         // below
    dl->AddRectFilled(ImVec2(a.x, innerA.y), ImVec2(innerA.x, innerB.y), colour);  // left
    dl->AddRectFilled(ImVec2(innerB.x, innerA.y), ImVec2(b.x, innerB.y), colour);  // right
}

void drawMarks(ImDrawList* dl, const Fit& fit, const std::vector<FrameMark>& marks, bool labels) {
    for (const auto& m : marks) {
        const ImVec2 a = fit.at(cv::Point2f(float(m.box.x), float(m.box.y)));
        const ImVec2 b = fit.at(cv::Point2f(float(m.box.br().x), float(m.box.br().y)));
        dl->AddRect(a, b, verdictColour(m.verdict), 0, 0, 2.f);
        if (labels && &m == &marks.front()) dl->AddText(ImVec2(a.x, b.y + 2), verdictColour(m.verdict), m.reason.c_str());
    }
}

void drawOutline(ImDrawList* dl, const Fit& fit, const std::vector<OutlineSegment>& outline) {
    std::vector<ImVec2> points;
    for (const auto& seg : outline) {
        points.clear();
        for (const auto& p : seg.points) points.push_back(fit.at(p));
        // Whole-pixel widths: ImGui draws those anti-aliased from its line texture, two triangles a
        // line instead of six.
        dl->AddPolyline(points.data(), int(points.size()), verdictColour(seg.verdict), ImDrawFlags_None,
                        seg.verdict == Verdict::Ok ? 2.f : 3.f);
    }
}

void drawGrid(ImDrawList* dl, ImVec2 a, ImVec2 b) {
    const ImU32 line = IM_COL32(255, 255, 255, 110);
    for (int i = 1; i < 3; ++i) {
        const float x = a.x + (b.x - a.x) * i / 3, y = a.y + (b.y - a.y) * i / 3;
        dl->AddLine(ImVec2(x, a.y), ImVec2(x, b.y), line, 1.f);
        dl->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), line, 1.f);
    }
    const ImVec2 c((a.x + b.x) / 2, (a.y + b.y) / 2);
    dl->AddLine(ImVec2(c.x - 12, c.y), ImVec2(c.x + 12, c.y), line, 1.f);
    dl->AddLine(ImVec2(c.x, c.y - 12), ImVec2(c.x, c.y + 12), line, 1.f);
}

}  // namespace

float liveViewScale(float fit) {
    const float whole = std::floor(fit);
    return whole >= 1 && whole * 1.25f >= fit ? whole : fit;
}

void drawLiveView(Station& station, StationView& view, const LiveSnapshot* live, const StationStatus& status,
                  const ScreenRect& area) {
    view.liveImageOnScreen = false;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    if (beginPanel("##live", area, ImGuiWindowFlags_NoScrollbar)) {
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImVec2 areaEnd(area.x + area.w, area.y + area.h);
        if (live && !live->display.empty()) {
            if (live->frameNumber != view.liveShown || live->displayOverlays != view.liveShownOverlays) {
                view.liveTexture.upload(live->display);
                view.liveShown = live->frameNumber;
                view.liveShownOverlays = live->displayOverlays;
            }
            const cv::Size fs = live->display.size();
            Fit fit;
            fit.scale = liveViewScale(std::min(area.w / fs.width, area.h / fs.height));
            // Whole screen pixels, so a whole scale maps each frame pixel onto screen pixels exactly.
            fit.origin = ImVec2(std::floor(area.x + (area.w - fs.width * fit.scale) / 2),
                                std::floor(area.y + (area.h - fs.height * fit.scale) / 2));
            view.liveTexture.setNearest(fit.scale == std::floor(fit.scale));
            const ImVec2 end(fit.origin.x + fs.width * fit.scale, fit.origin.y + fs.height * fit.scale);
            fillAround(dl, ImVec2(area.x, area.y), areaEnd, fit.origin, end, kSurround);
            addOpaqueImage(dl, view.liveTexture.imguiId(), fit.origin, end);
            view.liveImageOnScreen = true;
            const uint32_t bits = station.overlayBits();
            if (bits & kOverlayEdges) drawOutline(dl, fit, live->edgeSegments);
            if (bits & kOverlayThin) drawMarks(dl, fit, live->thinStructures, true);
            drawMarks(dl, fit, live->otherMarks, false);
            if (bits & kOverlayGrid) drawGrid(dl, fit.origin, end);
        } else {
            dl->AddRectFilled(ImVec2(area.x, area.y), areaEnd, kSurround);
            // No frame: say why, large, in the middle of where the frame would be.
            std::string why = status.camera.state == CameraState::Live || status.camera.state == CameraState::Connecting
                                  ? "Waiting for the first live frame..."
                                  : std::string("No live view: ") + (status.camera.state == CameraState::NoCamera ? "no camera" : std::string("camera ") + cameraStateName(status.camera.state)) + "\n\n" +
                                        (status.camera.message.empty() ? "Check the cable and that the camera is on."
                                                                       : status.camera.message);
            ImGui::SetCursorPos(ImVec2(40, area.h / 2 - 40));
            ImGui::PushTextWrapPos(area.w - 40);
            ImGui::TextUnformatted(why.c_str());
            ImGui::PopTextWrapPos();
        }
        if (status.guidance.active) {
            ImGui::SetCursorPos(ImVec2(16, 12));
            ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 210, 90, 255));
            ImGui::PushTextWrapPos(area.w - 16);
            ImGui::TextUnformatted(status.guidance.prompt.c_str());
            ImGui::PopTextWrapPos();
            ImGui::PopStyleColor();
        }
    }
    ImGui::End();
    ImGui::PopStyleVar();
}

}  // namespace facet::station
