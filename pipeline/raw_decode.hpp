#pragma once
// Camera RAW through LibRaw: decoded to linear light for the matting (which needs linear).
#include "pipeline/image_io.hpp"

#include <string>

namespace facet {

// Full decode: camera white balance, camera matrix to linear sRGB primaries, no gamma,
// no auto-brightening. Throws InputError naming the file for unsupported or corrupt files.
LoadedImage loadRawImage(const std::string& path);

}  // namespace facet
