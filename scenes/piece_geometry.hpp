#pragma once
// A jewelry piece as a list of simple shapes drawn back to front (painter's order): wire
// segments, oval rings of wire, metal discs, faceted stones, pearls, and punches that cut
// holes. Each shape is evaluated analytically at every supersample, which gives the exact
// fractional alpha at edges and on sub-pixel wires.
#include "scenes/scene.hpp"

#include <opencv2/core.hpp>

#include <cstdint>
#include <vector>

namespace facet::scenes {

enum class Shape : uint8_t {
    Capsule,   // wire segment p0-p1 of radius `radius` (rounded ends)
    OvalRing,  // wire of radius `radius` along an ellipse (centre p0, semi-axes A, B, rotated)
    Disc,      // metal disc (dome-shaded), centre p0
    Stone,     // faceted transparent stone, girdle radius `radius`, centre p0
    Pearl,     // pearl of radius `radius` with a soft edge ramp `soft` px wide
    Punch,     // erases what was drawn before inside the disc (pierced holes)
};

enum class Material : uint8_t { Metal, Stone, Pearl, Silk };

struct Primitive {
    Shape shape = Shape::Capsule;
    Material material = Material::Metal;
    cv::Point2f p0, p1;
    float radius = 1;
    float axisA = 0, axisB = 0;      // OvalRing centreline semi-axes
    float cosAngle = 1, sinAngle = 0;
    float soft = 0;                  // Pearl edge ramp, px
    float flatten = 0;               // 0 = round wire, 1 = flat polished top (cuban links)
    cv::Vec3f colour{0, 0, 0};       // linear BGR: metal, stone body, pearl or silk colour
    uint32_t id = 0;                 // facet / glint pattern
    bool thin = false;               // wire 1-8 px wide: region kThinWire

    cv::Rect2f bounds() const;
};

Primitive capsule(cv::Point2f a, cv::Point2f b, float radius, Material m, cv::Vec3f colour);
Primitive ovalRing(cv::Point2f centre, float axisA, float axisB, float angleRad, float wireRadius,
                   cv::Vec3f colour);
Primitive metalDisc(cv::Point2f centre, float radius, cv::Vec3f colour);
Primitive stone(cv::Point2f centre, float radius, cv::Vec3f colour, uint32_t id);
Primitive pearl(cv::Point2f centre, float radius, float soft, cv::Vec3f colour, uint32_t id);
Primitive punch(cv::Point2f centre, float radius);

// Marks wires and rings of wire no wider than 8 px as thin (kThinWire).
void markThinWires(std::vector<Primitive>& prims);

struct PieceLayout {
    std::vector<Primitive> prims;
    cv::Vec3f metal{0, 0, 0};  // the piece's metal colour (linear BGR), for rim spill tint
};

// Builds a piece in frame pixel coordinates (pixel centres at integers), placed for the surface
// (centred on velvet; resting above the middle on acrylic, leaving room for its mirror image).
PieceLayout layoutPiece(const SceneOptions& options, uint64_t seed);

cv::Rect2f layoutBounds(const std::vector<Primitive>& prims);

}  // namespace facet::scenes
