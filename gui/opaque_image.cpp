#include "gui/opaque_image.hpp"

#include <GL/gl.h>

namespace facet::station {

void addOpaqueImage(ImDrawList* drawList, ImTextureID texture, ImVec2 from, ImVec2 to) {
    drawList->AddCallback([](const ImDrawList*, const ImDrawCmd*) { glDisable(GL_BLEND); }, nullptr);
    drawList->AddImage(texture, from, to);
    drawList->AddCallback(ImDrawCallback_ResetRenderState, nullptr);  // ImGui's own state back
}

}  // namespace facet::station
