#pragma once
// What each pixel of a ground-truth scene is: the codes of a region map (CV_8UC1). The scene
// generator writes them; the quality metrics read them.
#include <cstdint>

namespace facet {

enum Region : uint8_t {
    kBackground = 0,
    kMetal = 1,          // opaque metal, lit normally
    kMetalReflection = 2,// opaque polished metal mirroring the dark background (the punch-through trap)
    kStone = 3,          // inside a stone's girdle
    kPearl = 4,
    kThinWire = 5,       // wires and links 1-8 px wide
    kEnclosedHole = 6,   // background enclosed by the piece (must stay transparent)
    kAcrylicMirror = 7,  // background showing the piece's mirror image in the acrylic
};

}  // namespace facet
