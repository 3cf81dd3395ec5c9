// The eight piece classes, built from wires, rings, discs, stones and pearls. Sizes are in
// pixels of a 1024x680 frame times `scale` (the frame's size relative to that), so a bigger
// frame shows the same piece in more detail. Wire widths follow the issue: chain links 3-8 px,
// filigree 1-3 px, prongs 2-4 px, pearls with a 2-4 px soft edge.
#include "scenes/piece_geometry.hpp"
#include "scenes/scene_random.hpp"

#include <algorithm>
#include <cmath>

namespace facet::scenes {
namespace {

constexpr float kPi = 3.14159265358979f;

cv::Vec3f metalColour(MetalColour m) {
    switch (m) {
    case MetalColour::Gold: return {0.11f, 0.50f, 0.80f};   // linear B, G, R
    case MetalColour::Rose: return {0.30f, 0.42f, 0.80f};
    default: return {0.74f, 0.74f, 0.72f};                  // silver / white gold
    }
}

const cv::Vec3f kDiamond{0.95f, 0.95f, 0.95f};
const cv::Vec3f kSilk{0.50f, 0.56f, 0.60f};

cv::Vec3f gemColour(SceneRandom& rng) {
    switch (rng.integer(0, 5)) {
    case 0: return {0.85f, 0.30f, 0.12f};   // sapphire
    case 1: return {0.30f, 0.75f, 0.18f};   // emerald
    case 2: return {0.22f, 0.12f, 0.85f};   // ruby
    default: return kDiamond;
    }
}

// A curve sampled densely, walked by arc length.
class Curve {
public:
    explicit Curve(std::vector<cv::Point2f> pts) : pts_(std::move(pts)) {
        len_.resize(pts_.size(), 0.0f);
        for (size_t i = 1; i < pts_.size(); ++i) len_[i] = len_[i - 1] + float(cv::norm(pts_[i] - pts_[i - 1]));
    }
    float length() const { return len_.back(); }
    cv::Point2f at(float s) const {
        const size_t i = segment(s);
        const float t = (s - len_[i]) / std::max(1e-6f, len_[i + 1] - len_[i]);
        return pts_[i] + t * (pts_[i + 1] - pts_[i]);
    }
    cv::Point2f tangent(float s) const {
        const size_t i = segment(s);
        const cv::Point2f d = pts_[i + 1] - pts_[i];
        return d / std::max(1e-6f, float(cv::norm(d)));
    }

private:
    size_t segment(float s) const {
        s = std::clamp(s, 0.0f, length());
        size_t i = size_t(std::upper_bound(len_.begin(), len_.end(), s) - len_.begin());
        return std::min(std::max<size_t>(i, 1), pts_.size() - 1) - 1;
    }
    std::vector<cv::Point2f> pts_;
    std::vector<float> len_;
};

// A necklace lying on the set in a U: ends at y = 0, bottom at y = sag, x in [-w/2, w/2].
Curve drape(float width, float sag) {
    std::vector<cv::Point2f> pts;
    const int n = 2000;
    for (int i = 0; i <= n; ++i) {
        const float x = -width / 2 + width * float(i) / n;
        const float t = 2 * x / width;
        pts.emplace_back(x, sag * (1 - t * t));
    }
    return Curve(std::move(pts));
}

float angleOf(cv::Point2f v) { return std::atan2(v.y, v.x); }
cv::Point2f normalOf(cv::Point2f t) { return {-t.y, t.x}; }

// Wire bent along a polyline: consecutive capsules (the joints overlap, which is what a bent
// wire looks like).
void wireAlong(std::vector<Primitive>& out, const std::vector<cv::Point2f>& pts, float r, cv::Vec3f colour,
               Material m = Material::Metal) {
    for (size_t i = 1; i < pts.size(); ++i) out.push_back(capsule(pts[i - 1], pts[i], r, m, colour));
}

std::vector<cv::Point2f> arcPoints(cv::Point2f c, float rx, float ry, float a0, float a1, float step) {
    const float len = std::abs(a1 - a0) * std::max(rx, ry);
    const int n = std::max(3, int(len / step));
    std::vector<cv::Point2f> pts;
    for (int i = 0; i <= n; ++i) {
        const float a = a0 + (a1 - a0) * float(i) / n;
        pts.emplace_back(c.x + rx * std::cos(a), c.y + ry * std::sin(a));
    }
    return pts;
}

struct Frame {
    float w, h, scale, wireScale;
};

// Cable chain: oval links of round wire, alternately seen face-on (an oval ring with its hole)
// and edge-on (a bar through the neighbours' holes).
void cableChain(std::vector<Primitive>& out, SceneRandom& rng, const Frame& f, cv::Vec3f metal) {
    const float r0 = float(rng.uniform(1.5, 4.0)) * f.scale;   // wire 3-8 px
    const float r = r0 * f.wireScale;
    const float A = 4.0f * r0, B = 2.5f * r0, pitch = 6.0f * r0;
    const Curve c = drape(float(rng.uniform(0.45, 0.62)) * f.w, float(rng.uniform(0.15, 0.32)) * f.h);
    std::vector<Primitive> edgeOn;
    int i = 0;
    for (float s = A; s < c.length() - A; s += pitch, ++i) {
        const cv::Point2f p = c.at(s), t = c.tangent(s);
        if (i % 2 == 0)
            out.push_back(ovalRing(p, A, B, angleOf(t), r, metal));
        else
            edgeOn.push_back(capsule(p - t * (A - r0 * 0.2f), p + t * (A - r0 * 0.2f), r, Material::Metal, metal));
    }
    out.insert(out.end(), edgeOn.begin(), edgeOn.end());
}

// Cuban chain: thick flattened links, twisted, packed so densely that only small holes remain.
void cubanChain(std::vector<Primitive>& out, SceneRandom& rng, const Frame& f, cv::Vec3f metal) {
    const float r0 = float(rng.uniform(2.2, 4.0)) * f.scale;   // wire 4.4-8 px
    const float r = r0 * f.wireScale;
    const float A = 3.2f * r0, B = 2.1f * r0, pitch = 2.6f * r0;
    const float twist = float(rng.uniform(0.30, 0.45));
    const Curve c = drape(float(rng.uniform(0.45, 0.62)) * f.w, float(rng.uniform(0.15, 0.30)) * f.h);
    int i = 0;
    for (float s = A; s < c.length() - A; s += pitch, ++i) {
        Primitive link = ovalRing(c.at(s), A, B, angleOf(c.tangent(s)) + (i % 2 ? twist : -twist), r, metal);
        link.flatten = 0.8f;  // diamond-cut flats: more of the metal mirrors the set
        out.push_back(link);
    }
}

// Solitaire ring seen from the front and above: the band (an oval, not thin), a basket under
// the stone, the stone, and 4-6 prongs 2-4 px wide over its girdle.
void solitaireRing(std::vector<Primitive>& out, SceneRandom& rng, const Frame& f, cv::Vec3f metal) {
    const float A = float(rng.uniform(0.20, 0.26)) * f.w;
    const float B = std::min(A * float(rng.uniform(0.5, 0.68)), 0.30f * f.h);
    const float band = float(rng.uniform(6.0, 10.0)) * f.scale;
    out.push_back(ovalRing({0, 0}, A, B, 0, band, metal));
    const float rs = A * float(rng.uniform(0.15, 0.21));
    // The stone sits in its head just above the band: no metal behind it, so the backlight of
    // a dual capture passes through it.
    const cv::Point2f c(0, -B - band - rs - 2.0f * f.scale);
    const float rail = 2.2f * f.scale;
    const float reach = (rs + rail + 0.5f) / std::sqrt(2.0f);
    out.push_back(capsule({-rs * 0.8f, -B - band * 0.5f}, {c.x - reach, c.y + reach}, rail, Material::Metal, metal));
    out.push_back(capsule({rs * 0.8f, -B - band * 0.5f}, {c.x + reach, c.y + reach}, rail, Material::Metal, metal));
    out.push_back(stone(c, rs, rng.chance(0.7) ? kDiamond : gemColour(rng), uint32_t(rng.next())));
    const int prongs = rng.integer(4, 6);
    const float pr = float(rng.uniform(1.0, 2.0)) * f.scale * f.wireScale;  // 2-4 px wide
    const float phase = float(rng.uniform(0, 2 * kPi));
    for (int k = 0; k < prongs; ++k) {
        const float a = phase + 2 * kPi * k / prongs;
        const cv::Point2f d(std::cos(a), std::sin(a));
        out.push_back(capsule(c + d * (rs + 1.2f * pr), c + d * (rs - 2.2f * pr), pr, Material::Metal, metal));
    }
}

// Pave cluster: a flower-shaped metal plate covered with small stones on a hexagonal grid,
// metal showing between them and small pierced holes at some of the gaps.
void paveCluster(std::vector<Primitive>& out, SceneRandom& rng, const Frame& f, cv::Vec3f metal) {
    const int petals = rng.integer(5, 8);
    const float petalSize = float(rng.uniform(0.45, 0.6)), petalReach = float(rng.uniform(0.85, 1.0));
    // 40-64 % of the width, but no taller than 92 % of the frame.
    const float R0 = std::min(float(rng.uniform(0.155, 0.2)) * f.w, 0.92f * f.h / (2 * (petalSize + petalReach)));
    const float Rp = R0 * petalSize;
    const float dp = R0 * petalReach;
    const float phase = float(rng.uniform(0, 2 * kPi));
    std::vector<cv::Point2f> lobes{{0, 0}};
    std::vector<float> radii{R0};
    for (int k = 0; k < petals; ++k) {
        const float a = phase + 2 * kPi * k / petals;
        lobes.emplace_back(dp * std::cos(a), dp * std::sin(a));
        radii.push_back(Rp);
    }
    auto inside = [&](cv::Point2f p, float margin) {
        for (size_t i = 0; i < lobes.size(); ++i)
            if (cv::norm(p - lobes[i]) <= radii[i] - margin) return true;
        return false;
    };
    for (size_t i = 0; i < lobes.size(); ++i) {
        Primitive plate = metalDisc(lobes[i], radii[i], metal);
        plate.flatten = 0.7f;
        out.push_back(plate);
    }
    const float rs = float(rng.uniform(4.5, 7.0)) * f.scale;
    const float gap = float(rng.uniform(1.8, 3.0)) * f.scale;
    const float q = 2 * rs + gap, rowH = q * std::sqrt(3.0f) / 2;
    const float ext = R0 + dp + Rp;
    const uint32_t stoneSeed = uint32_t(rng.next());
    std::vector<Primitive> stones, beads, seats;
    auto gridPoint = [&](int i, int j) { return cv::Point2f(i * q + (j % 2 ? q / 2 : 0), j * rowH); };
    const int n = int(ext / q) + 2, m = int(ext / rowH) + 2;
    auto hasStone = [&](int i, int j) { return inside(gridPoint(i, j), rs + 2 * f.scale); };
    for (int j = -m; j <= m; ++j)
        for (int i = -n; i <= n; ++i) {
            if (!hasStone(i, j)) continue;
            // Pave seats are drilled through the plate: light reaches the stone from behind.
            seats.push_back(punch(gridPoint(i, j), rs));
            stones.push_back(stone(gridPoint(i, j), rs, kDiamond, stoneSeed + uint32_t((j + 1000) * 4096 + i + 1000)));
            // The two triangles to the right of this stone: a gap between three stones each.
            const int o = (j % 2 != 0) ? 1 : 0;  // odd rows are shifted half a pitch
            const int below[2][2] = {{i + o - 1, i + o}, {i + o, i + o}};
            for (int t = 0; t < 2; ++t) {
                const cv::Point2f a = gridPoint(i, j), b = gridPoint(i + 1, j);
                const cv::Point2f other = t == 0 ? gridPoint(below[0][1], j + 1) : gridPoint(i + o, j - 1);
                if (!hasStone(i + 1, j)) continue;
                if (t == 0 && !hasStone(below[0][1], j + 1)) continue;
                if (t == 1 && !hasStone(i + o, j - 1)) continue;
                const cv::Point2f centre = (a + b + other) / 3.0f;
                const float room = q / std::sqrt(3.0f) - rs;
                if (rng.chance(0.55))
                    out.push_back(punch(centre, std::max(0.6f * f.scale, room - 0.6f * f.scale)));
                else
                    beads.push_back(metalDisc(centre, std::max(0.7f, room * 0.8f), metal));
            }
        }
    out.insert(out.end(), seats.begin(), seats.end());
    out.insert(out.end(), beads.begin(), beads.end());
    out.insert(out.end(), stones.begin(), stones.end());
}

// Filigree medallion: a double frame joined by bars, a rosette of wire petals around a centre
// ring, small loops along the frame and scrolls between: 1-3 px wire, every loop a hole.
void filigree(std::vector<Primitive>& out, SceneRandom& rng, const Frame& f, cv::Vec3f metal) {
    const float R = std::min(float(rng.uniform(0.20, 0.27)) * f.w, 0.44f * f.h);
    const float r = float(rng.uniform(0.6, 1.4)) * f.scale * f.wireScale;  // 1.2-2.8 px wire
    const float gap = float(rng.uniform(4.0, 7.0)) * f.scale;
    out.push_back(ovalRing({0, 0}, R, R, 0, r * 1.3f, metal));
    out.push_back(ovalRing({0, 0}, R - gap, R - gap, 0, r, metal));
    const int bars = rng.integer(12, 24);
    for (int k = 0; k < bars; ++k) {
        const float a = 2 * kPi * k / bars;
        const cv::Point2f d(std::cos(a), std::sin(a));
        out.push_back(capsule(d * (R - gap), d * R, r, Material::Metal, metal));
    }
    const float rc = R * float(rng.uniform(0.13, 0.18));
    out.push_back(ovalRing({0, 0}, rc, rc, 0, r, metal));
    const int petals = rng.integer(6, 10);
    const float pa = R * float(rng.uniform(0.20, 0.26)), pb = pa * float(rng.uniform(0.40, 0.55));
    const float phase = float(rng.uniform(0, 2 * kPi));
    for (int k = 0; k < petals; ++k) {
        const float a = phase + 2 * kPi * k / petals;
        const cv::Point2f d(std::cos(a), std::sin(a));
        out.push_back(ovalRing(d * (rc + pa - r), pa, pb, a, r, metal));
    }
    const int loops = rng.integer(12, 18);
    const float rl = std::min(R * float(rng.uniform(0.06, 0.09)), (R - gap) * kPi / loops - r);
    for (int k = 0; k < loops; ++k) {
        const float a = 2 * kPi * (k + 0.5f) / loops;
        const cv::Point2f d(std::cos(a), std::sin(a));
        out.push_back(ovalRing(d * (R - gap - rl), rl, rl, 0, r, metal));
    }
    // Scrolls between the petals: a spiral from the petal tips towards the loops.
    const float inner = rc + 2 * pa, outer = R - gap - 2 * rl;
    for (int k = 0; k < petals; ++k) {
        const float a = phase + 2 * kPi * (k + 0.5f) / petals;
        const cv::Point2f d(std::cos(a), std::sin(a));
        const float size = std::min((outer - inner) * 0.45f, (inner + outer) * 0.5f * kPi / petals * 0.8f);
        if (size < 4 * r) continue;
        const cv::Point2f centre = d * ((inner + outer) * 0.5f);
        std::vector<cv::Point2f> pts;
        const float turns = 1.6f, start = a + kPi;
        for (int i = 0; i <= 60; ++i) {
            const float t = float(i) / 60;
            const float ang = start + t * turns * 2 * kPi * (k % 2 ? 1 : -1);
            const float rad = size * (1.0f - 0.75f * t);
            pts.emplace_back(centre.x + rad * std::cos(ang), centre.y + rad * std::sin(ang));
        }
        wireAlong(out, pts, r, metal);
        out.push_back(capsule(d * (inner - 2 * r), centre - d * size, r, Material::Metal, metal));
    }
}

// Pearl strand: graduated pearls with a soft edge on a thin silk thread, a metal clasp.
void pearlStrand(std::vector<Primitive>& out, SceneRandom& rng, const Frame& f, cv::Vec3f metal) {
    const Curve c = drape(float(rng.uniform(0.45, 0.6)) * f.w, float(rng.uniform(0.15, 0.28)) * f.h);
    const float rb = float(rng.uniform(9.0, 14.0)) * f.scale;
    const float soft = float(rng.uniform(2.0, 4.0)) * f.scale;
    const float gap = float(rng.uniform(3.0, 6.0)) * f.scale;
    const float thread = float(rng.uniform(0.45, 0.6)) * f.scale * f.wireScale;
    const cv::Vec3f cream = rng.chance(0.5) ? cv::Vec3f(0.60f, 0.67f, 0.72f) : cv::Vec3f(0.70f, 0.71f, 0.72f);
    const float clasp = 14 * f.scale;
    std::vector<cv::Point2f> threadPts;
    for (float s = 0; s <= c.length(); s += 6 * f.scale) threadPts.push_back(c.at(s));
    wireAlong(out, threadPts, thread, kSilk, Material::Silk);
    // The clasp: a jump ring at each end and a box at the right end.
    const cv::Point2f t0 = c.tangent(0), t1 = c.tangent(c.length());
    out.push_back(ovalRing(c.at(0) + t0 * 3.0f * f.scale, 5 * f.scale, 3.5f * f.scale, angleOf(t0), 1.3f * f.scale, metal));
    out.push_back(ovalRing(c.at(c.length()) - t1 * 3.0f * f.scale, 5 * f.scale, 3.5f * f.scale, angleOf(t1),
                           1.3f * f.scale, metal));
    const cv::Point2f boxAt = c.at(c.length() - clasp * 1.2f);
    out.push_back(capsule(boxAt - t1 * clasp * 0.5f, boxAt + t1 * clasp * 0.5f, 4.5f * f.scale, Material::Metal, metal));
    uint32_t id = uint32_t(rng.next());
    float at = clasp * 2.2f;  // the previous pearl's centre (the strand's start at first)
    float prev = 0;
    while (true) {
        const float u = 2 * at / c.length() - 1;
        const float rad = rb * (0.75f + 0.35f * (1 - std::abs(u))) * float(rng.uniform(0.95, 1.05));
        const float centre = prev > 0 ? at + prev + gap + rad : at + rad;
        if (centre + rad > c.length() - clasp * 2.2f) break;
        out.push_back(pearl(c.at(centre), rad, soft, cream, id++));
        at = centre;
        prev = rad;
    }
}

// Chandelier earring: ear wire, a framed stone, a crescent with drops, a wide fan with longer
// drops. Open space between the tiers; the frames enclose holes.
void chandelierEarring(std::vector<Primitive>& out, SceneRandom& rng, const Frame& f, cv::Vec3f metal) {
    const float sc = f.scale;
    const float r = float(rng.uniform(0.9, 1.5)) * sc * f.wireScale;
    const uint32_t seed = uint32_t(rng.next());
    uint32_t id = seed;
    // Ear wire and jump ring.
    wireAlong(out, arcPoints({0, -22 * sc}, 20 * sc, 20 * sc, 0.5f * kPi, 2.15f * kPi, 2 * sc), r, metal);
    out.push_back(ovalRing({0, 3 * sc}, 4 * sc, 4 * sc, 0, r, metal));
    // Tier 1: a round frame holding a stone by four bars (four enclosed holes around it).
    const float R1 = float(rng.uniform(16, 24)) * sc;
    const cv::Point2f c1(0, 7 * sc + R1 + 4 * sc);
    out.push_back(capsule({0, 7 * sc}, {0, c1.y - R1}, r, Material::Metal, metal));
    const float rs1 = R1 - float(rng.uniform(3.5, 5.5)) * sc;
    out.push_back(stone(c1, rs1, gemColour(rng), id++));
    out.push_back(ovalRing(c1, R1, R1, 0, r * 1.3f, metal));
    for (int k = 0; k < 4; ++k) {
        const float a = kPi / 4 + k * kPi / 2;
        const cv::Point2f d(std::cos(a), std::sin(a));
        out.push_back(capsule(c1 + d * (rs1 - 2 * r), c1 + d * R1, r, Material::Metal, metal));
    }
    // Tier 2 and 3: a crescent (straight bar over an arc) with drops hanging from the arc.
    auto crescent = [&](float top, float halfWidth, float depth, int drops, float dropLen, float stoneR,
                        bool pearlsToo) {
        out.push_back(capsule({-halfWidth, top}, {halfWidth, top}, r * 1.2f, Material::Metal, metal));
        wireAlong(out, arcPoints({0, top}, halfWidth, depth, 0, kPi, 2 * sc), r * 1.2f, metal);
        out.push_back(capsule({0, top}, {0, top + depth}, r, Material::Metal, metal));  // splits the hole
        float lowest = top + depth;
        for (int k = 0; k < drops; ++k) {
            const float a = kPi * (k + 1) / (drops + 1);
            const cv::Point2f at(halfWidth * std::cos(a), top + depth * std::sin(a));
            const float len = dropLen * float(rng.uniform(0.8, 1.2)) * (1.0f + 0.4f * std::sin(a));
            const cv::Point2f end = at + cv::Point2f(0, len);
            out.push_back(capsule(at, end, r, Material::Metal, metal));
            const float sr = stoneR * float(rng.uniform(0.85, 1.15));
            out.push_back(ovalRing(end + cv::Point2f(0, 2.5f * sc), 2.5f * sc, 2.5f * sc, 0, r, metal));
            const cv::Point2f sc0 = end + cv::Point2f(0, 5 * sc + sr);
            if (pearlsToo && k % 2 == 1)
                out.push_back(pearl(sc0, sr, 2.5f * sc, {0.66f, 0.69f, 0.72f}, id++));
            else
                out.push_back(stone(sc0, sr, kDiamond, id++));
            lowest = std::max(lowest, sc0.y + sr);
        }
        return lowest;
    };
    const float top2 = c1.y + R1 + float(rng.uniform(10, 16)) * sc;
    out.push_back(capsule({0, c1.y + R1}, {0, top2}, r, Material::Metal, metal));
    const float hw2 = float(rng.uniform(0.08, 0.11)) * f.w;
    const float d2 = hw2 * float(rng.uniform(0.35, 0.5));
    crescent(top2, hw2, d2, 2, float(rng.uniform(10, 18)) * sc, float(rng.uniform(5, 7)) * sc, false);
    const float top3 = top2 + d2 + float(rng.uniform(14, 22)) * sc;
    out.push_back(capsule({0, top2 + d2}, {0, top3}, r, Material::Metal, metal));
    const float hw3 = float(rng.uniform(0.21, 0.28)) * f.w;
    const float d3 = std::min(hw3 * float(rng.uniform(0.28, 0.38)), 0.9f * f.h - top3 - 95 * sc);
    crescent(top3, hw3, d3, rng.integer(5, 7), float(rng.uniform(18, 30)) * sc, float(rng.uniform(6, 9)) * sc, true);
}

// Tennis bracelet: a row of stones in round bezels with four beads each, joined by pairs of
// thin links (an enclosed hole between every pair of settings).
void tennisBracelet(std::vector<Primitive>& out, SceneRandom& rng, const Frame& f, cv::Vec3f metal) {
    const Curve c = drape(float(rng.uniform(0.5, 0.65)) * f.w, float(rng.uniform(0.05, 0.15)) * f.h);
    const float rs = float(rng.uniform(6.0, 10.0)) * f.scale;
    const float rb = float(rng.uniform(1.2, 2.0)) * f.scale * f.wireScale;
    const float Rb = rs + rb * 0.6f;
    const float link = float(rng.uniform(4.0, 8.0)) * f.scale;
    const float rl = float(rng.uniform(0.7, 1.0)) * f.scale * f.wireScale;
    const float pitch = 2 * (Rb + rb) + link;
    const float off = Rb * 0.55f, reach = std::sqrt(Rb * Rb - off * off);
    uint32_t id = uint32_t(rng.next());
    std::vector<cv::Point2f> centres;
    for (float s = Rb + rb; s < c.length() - Rb - rb; s += pitch) centres.push_back(c.at(s));
    for (size_t i = 0; i + 1 < centres.size(); ++i) {
        const cv::Point2f a = centres[i], b = centres[i + 1];
        const cv::Point2f t = (b - a) / float(cv::norm(b - a)), n = normalOf(t);
        for (float side : {-1.0f, 1.0f})
            out.push_back(capsule(a + n * (side * off) + t * reach, b + n * (side * off) - t * reach, rl,
                                  Material::Metal, metal));
    }
    for (const auto& p : centres) {
        out.push_back(stone(p, rs, kDiamond, id++));
        out.push_back(ovalRing(p, Rb, Rb, 0, rb, metal));
        for (int k = 0; k < 4; ++k) {
            const float a = kPi / 4 + k * kPi / 2;
            out.push_back(metalDisc(p + cv::Point2f(std::cos(a), std::sin(a)) * Rb, rb * 1.3f, metal));
        }
    }
}

}  // namespace

PieceLayout layoutPiece(const SceneOptions& o, uint64_t seed) {
    SceneRandom rng(seed, 1);
    const float scale = std::min(o.size.width / 1024.0f, o.size.height / 680.0f);
    const Frame frame{float(o.size.width), float(o.size.height), scale, float(o.thinWireScale)};
    MetalColour mc = o.metal;
    if (mc == MetalColour::FromSeed) mc = MetalColour(1 + rng.integer(0, 2));
    PieceLayout layout;
    layout.metal = metalColour(mc);
    auto& out = layout.prims;
    switch (o.piece) {
    case Piece::CableChain: cableChain(out, rng, frame, layout.metal); break;
    case Piece::CubanChain: cubanChain(out, rng, frame, layout.metal); break;
    case Piece::SolitaireRing: solitaireRing(out, rng, frame, layout.metal); break;
    case Piece::PaveCluster: paveCluster(out, rng, frame, layout.metal); break;
    case Piece::Filigree: filigree(out, rng, frame, layout.metal); break;
    case Piece::PearlStrand: pearlStrand(out, rng, frame, layout.metal); break;
    case Piece::ChandelierEarring: chandelierEarring(out, rng, frame, layout.metal); break;
    case Piece::TennisBracelet: tennisBracelet(out, rng, frame, layout.metal); break;
    }
    markThinWires(out);
    for (size_t i = 0; i < out.size(); ++i)
        if (out[i].id == 0) out[i].id = uint32_t(mix64(seed * 131 + i));

    // Placement: centred (with a little jitter) on velvet; on acrylic resting on a contact line
    // below the middle, with room under it for the mirror image.
    const cv::Rect2f b = layoutBounds(out);
    const float w = frame.w, h = frame.h;
    float dx = w / 2 - (b.x + b.width / 2) + float(rng.uniform(-0.03, 0.03)) * w;
    float dy;
    if (o.surface == Surface::DarkAcrylic) {
        const float bottom = std::clamp(std::max(0.6f * h, b.height + 0.04f * h), 0.0f, 0.92f * h);
        dy = bottom - (b.y + b.height);
    } else {
        dy = h / 2 - (b.y + b.height / 2) + float(rng.uniform(-0.03, 0.03)) * h;
    }
    // Keep a margin so that the whole piece is in the frame.
    dx = std::clamp(dx, 0.02f * w - b.x, 0.98f * w - (b.x + b.width));
    dy = std::clamp(dy, 0.02f * h - b.y, std::max(0.02f * h - b.y, 0.98f * h - (b.y + b.height)));
    const cv::Point2f shift(dx, dy);
    for (auto& p : out) {
        p.p0 += shift;
        p.p1 += shift;
    }
    return layout;
}

}  // namespace facet::scenes
