#pragma once
// Saying in the file that its pixels are sRGB, so Photoshop, browsers and marketplaces
// don't guess: an ICC profile for TIFF, the sRGB (+ gAMA, cHRM fallback) chunks for PNG.
#include <string>
#include <string_view>

namespace facet {

// A minimal ICC v2 display profile for sRGB (IEC 61966-2.1): D50-adapted primaries, D65
// media white, the sRGB tone curve as a 1024-entry table. Built in code, no file to ship.
const std::string& srgbIccProfile();

// The PNG bytes with sRGB, gAMA and cHRM chunks (and, when `xmp` is not empty, an iTXt XMP
// packet) inserted after IHDR. Throws std::invalid_argument for bytes that are not a PNG.
std::string tagPngAsSrgb(std::string_view png, const std::string& xmp = "");

}  // namespace facet
