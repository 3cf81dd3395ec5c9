#pragma once
// An image drawn with blending off. ImGui blends everything it draws; a live frame is opaque, and
// blending it makes a software renderer (Mesa llvmpipe, no GPU) read back and mix every pixel
// under it for nothing: about a millisecond a frame at 1024x680.
#include <imgui.h>

namespace facet::station {

void addOpaqueImage(ImDrawList* drawList, ImTextureID texture, ImVec2 from, ImVec2 to);

}  // namespace facet::station
