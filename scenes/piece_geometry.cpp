#include "scenes/piece_geometry.hpp"

#include <algorithm>
#include <cmath>

namespace facet::scenes {

cv::Rect2f Primitive::bounds() const {
    // A pixel is touched if any of its supersamples is: one extra pixel of margin.
    float x0, y0, x1, y1;
    switch (shape) {
    case Shape::Capsule:
        x0 = std::min(p0.x, p1.x) - radius;
        x1 = std::max(p0.x, p1.x) + radius;
        y0 = std::min(p0.y, p1.y) - radius;
        y1 = std::max(p0.y, p1.y) + radius;
        break;
    case Shape::OvalRing: {
        // Extent of a rotated ellipse, grown by the wire radius.
        const float ex = std::sqrt(axisA * axisA * cosAngle * cosAngle + axisB * axisB * sinAngle * sinAngle);
        const float ey = std::sqrt(axisA * axisA * sinAngle * sinAngle + axisB * axisB * cosAngle * cosAngle);
        x0 = p0.x - ex - radius;
        x1 = p0.x + ex + radius;
        y0 = p0.y - ey - radius;
        y1 = p0.y + ey + radius;
        break;
    }
    default:
        x0 = p0.x - radius;
        x1 = p0.x + radius;
        y0 = p0.y - radius;
        y1 = p0.y + radius;
    }
    return {x0 - 1, y0 - 1, x1 - x0 + 2, y1 - y0 + 2};
}

Primitive capsule(cv::Point2f a, cv::Point2f b, float radius, Material m, cv::Vec3f colour) {
    Primitive p;
    p.shape = Shape::Capsule;
    p.material = m;
    p.p0 = a;
    p.p1 = b;
    p.radius = radius;
    p.colour = colour;
    return p;
}

Primitive ovalRing(cv::Point2f centre, float axisA, float axisB, float angleRad, float wireRadius,
                   cv::Vec3f colour) {
    Primitive p;
    p.shape = Shape::OvalRing;
    p.p0 = centre;
    p.axisA = axisA;
    p.axisB = axisB;
    p.cosAngle = std::cos(angleRad);
    p.sinAngle = std::sin(angleRad);
    p.radius = wireRadius;
    p.colour = colour;
    return p;
}

Primitive metalDisc(cv::Point2f centre, float radius, cv::Vec3f colour) {
    Primitive p;
    p.shape = Shape::Disc;
    p.p0 = centre;
    p.radius = radius;
    p.colour = colour;
    return p;
}

Primitive stone(cv::Point2f centre, float radius, cv::Vec3f colour, uint32_t id) {
    Primitive p;
    p.shape = Shape::Stone;
    p.material = Material::Stone;
    p.p0 = centre;
    p.radius = radius;
    p.colour = colour;
    p.id = id;
    return p;
}

Primitive pearl(cv::Point2f centre, float radius, float soft, cv::Vec3f colour, uint32_t id) {
    Primitive p;
    p.shape = Shape::Pearl;
    p.material = Material::Pearl;
    p.p0 = centre;
    p.radius = radius;
    p.soft = soft;
    p.colour = colour;
    p.id = id;
    return p;
}

Primitive punch(cv::Point2f centre, float radius) {
    Primitive p;
    p.shape = Shape::Punch;
    p.p0 = centre;
    p.radius = radius;
    return p;
}

void markThinWires(std::vector<Primitive>& prims) {
    for (auto& p : prims)
        p.thin = (p.shape == Shape::Capsule || p.shape == Shape::OvalRing) && 2 * p.radius <= 8.0f;
}

cv::Rect2f layoutBounds(const std::vector<Primitive>& prims) {
    float x0 = 1e30f, y0 = 1e30f, x1 = -1e30f, y1 = -1e30f;
    for (const auto& p : prims) {
        if (p.shape == Shape::Punch) continue;
        const cv::Rect2f b = p.bounds();
        x0 = std::min(x0, b.x);
        y0 = std::min(y0, b.y);
        x1 = std::max(x1, b.x + b.width);
        y1 = std::max(y1, b.y + b.height);
    }
    return {x0, y0, x1 - x0, y1 - y0};
}

}  // namespace facet::scenes
