#include "scenes/piece_raster.hpp"

#include "scenes/scene_random.hpp"

#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>

namespace facet::scenes {
namespace {

constexpr float kPi = 3.14159265358979f;
constexpr uint8_t kMetalBit = 0x80;

// Key light from the upper left, camera straight above.
const cv::Vec3f kKey = cv::normalize(cv::Vec3f(-0.40f, -0.55f, 0.73f));
const cv::Vec3f kHalf = cv::normalize(kKey + cv::Vec3f(0, 0, 1));

struct Shading {
    const cv::Mat& set;           // blurred empty set, CV_32FC3, possibly at a lower resolution
    float setStep;                // set pixels per frame pixel
    cv::Mat reflectField;         // low-resolution random field, CV_32FC1
    float fieldCell;              // px per field cell
    float reflectThreshold;
    float scale;

    cv::Vec3f setAt(float x, float y) const {
        x = (x + 0.5f) * setStep - 0.5f;
        y = (y + 0.5f) * setStep - 0.5f;
        x = std::clamp(x, 0.0f, float(set.cols - 1) - 1e-3f);
        y = std::clamp(y, 0.0f, float(set.rows - 1) - 1e-3f);
        const int x0 = int(x), y0 = int(y);
        const float fx = x - x0, fy = y - y0;
        const cv::Vec3f* r0 = set.ptr<cv::Vec3f>(y0);
        const cv::Vec3f* r1 = set.ptr<cv::Vec3f>(std::min(y0 + 1, set.rows - 1));
        const int x1 = std::min(x0 + 1, set.cols - 1);
        return (r0[x0] * (1 - fx) + r0[x1] * fx) * (1 - fy) + (r1[x0] * (1 - fx) + r1[x1] * fx) * fy;
    }
    bool polished(float x, float y) const { return field(x, y) > reflectThreshold; }
    float field(float x, float y) const {
        float fx = std::clamp(x / fieldCell, 0.0f, float(reflectField.cols - 1) - 1e-3f);
        float fy = std::clamp(y / fieldCell, 0.0f, float(reflectField.rows - 1) - 1e-3f);
        const int x0 = int(fx), y0 = int(fy);
        fx -= x0;
        fy -= y0;
        const float* r0 = reflectField.ptr<float>(y0);
        const float* r1 = reflectField.ptr<float>(y0 + 1);
        return (r0[x0] * (1 - fx) + r0[x0 + 1] * fx) * (1 - fy) + (r1[x0] * (1 - fx) + r1[x0 + 1] * fx) * fy;
    }
};

struct Sample {
    float cover = 0;
    float transmit = 1;     // alpha of the material alone (stones < 1)
    cv::Vec3f light;        // straight radiance
    uint8_t code = 0;       // Region | kMetalBit
};

// Metal seen across a wire: u in [-1, 1] across it (0 = the crest), n2 the outward direction
// in the image plane. Polished patches mirror the set: a blurred, displaced, tinted copy.
void shadeMetal(const Primitive& pr, float flatten, float x, float y, float u, cv::Point2f n2, const Shading& sh,
                Sample& s) {
    if (flatten > 0) u = std::copysign(std::pow(std::abs(u), 1 + 3 * flatten), u);
    const float nz = std::sqrt(std::max(0.0f, 1 - u * u));
    const cv::Vec3f n(u * n2.x, u * n2.y, nz);
    const uint8_t region = pr.thin ? kThinWire : kMetal;
    if (sh.polished(x, y)) {
        const float peak = std::max({pr.colour[0], pr.colour[1], pr.colour[2]});
        const cv::Vec3f tint = pr.colour * (0.85f / peak);
        // A curved mirror: the image moves with the surface normal and flips across the crest.
        const float k = 6.0f * sh.scale;
        const cv::Vec3f seen = sh.setAt(x + n[0] * k + 3 * sh.scale, y + n[1] * k - 2 * sh.scale);
        s.light = tint.mul(seen);
        s.code = kMetalReflection | kMetalBit;
        return;
    }
    const float diffuse = std::max(0.0f, n.dot(kKey));
    const float h = std::max(0.0f, n.dot(kHalf)), h2 = h * h, h4 = h2 * h2, h8 = h4 * h4, h32 = h8 * h8 * h8 * h8;
    const float spec = h32 * h4;  // a Blinn-Phong lobe of exponent 36
    s.light = pr.colour * (0.06f + 0.5f * diffuse + 0.45f * spec);
    // Small glints: sparse cells where the highlight catches a scratch or an edge.
    const float cell = 2.5f * sh.scale;
    if (spec > 0.15f && hashUnit(int64_t(std::floor(x / cell)), int64_t(std::floor(y / cell)), pr.id) > 0.96)
        s.light += cv::Vec3f(0.85f, 0.85f, 0.85f) * spec;
    s.code = region | kMetalBit;
}

// A brilliant seen from above: table, crown and girdle facets. Each facet transmits part of
// the light from behind (its partial alpha, higher near the girdle), shows that light refracted
// (mirrored about the centre and displaced per facet), and some facets sparkle.
struct Facet {
    int index;
    float transmit;
};

Facet stoneFacet(const Primitive& pr, float dx, float dy, float d) {
    const float rho = d / pr.radius;
    const float theta = std::atan2(dy, dx) + kPi;
    int facet;
    if (rho < 0.42f)
        facet = 0;
    else if (rho < 0.78f)
        facet = 1 + int(theta / (2 * kPi) * 8) % 8;
    else
        facet = 9 + int(theta / (2 * kPi) * 16 + 0.5f) % 16;
    const float h1 = float(hashUnit(facet, 1, pr.id));
    const float edge = std::clamp((rho - 0.55f) / 0.45f, 0.0f, 1.0f);
    return {facet, std::min(0.85f, 0.35f + 0.3f * h1 + 0.2f * edge * edge * (3 - 2 * edge))};
}

void shadeStone(const Primitive& pr, float dx, float dy, const Facet& f, const Shading& sh, Sample& s) {
    const int facet = f.index;
    const double h1 = hashUnit(facet, 1, pr.id), h2 = hashUnit(facet, 2, pr.id), h3 = hashUnit(facet, 3, pr.id);
    s.transmit = f.transmit;
    float bright = h2 > 0.7 ? 0.55f + 0.45f * float(h3) : 0.06f + 0.12f * float(h3);
    // Plus white light scattered by the facets' surfaces (0.05): with it the stone's own light
    // always outweighs the velvet it hides, so the transmit foreground stays non-negative.
    cv::Vec3f body = pr.colour * bright + cv::Vec3f(0.05f, 0.05f, 0.05f);
    if (h2 > 0.9) body = body.mul(cv::Vec3f(0.7f + 0.6f * float(h1), 1.0f, 1.3f - 0.6f * float(h1)));  // fire
    const float ox = float(hashUnit(facet, 4, pr.id) - 0.5) * 0.5f * pr.radius;
    const float oy = float(hashUnit(facet, 5, pr.id) - 0.5) * 0.5f * pr.radius;
    const cv::Vec3f behind = sh.setAt(pr.p0.x - 0.6f * dx + ox, pr.p0.y - 0.6f * dy + oy);
    const cv::Vec3f tint = pr.colour * 0.95f;
    s.light = s.transmit * body + (1 - s.transmit) * tint.mul(behind);
    s.code = kStone;
}

// Pearl: limb darkening towards the edge, a soft highlight, a faint orient.
void shadePearl(const Primitive& pr, float dx, float dy, float d, Sample& s) {
    const float q = std::min(1.0f, d / pr.radius);
    const float mu = std::sqrt(1 - q * q);
    const float hx = dx + 0.3f * pr.radius, hy = dy + 0.35f * pr.radius;
    const float hs = 0.2f * pr.radius;
    const float highlight = 0.45f * std::exp(-(hx * hx + hy * hy) / (2 * hs * hs));
    const float orient = 0.04f * std::sin(3 * std::atan2(dy, dx) + float(pr.id % 7));
    s.light = pr.colour * (0.3f + 0.7f * std::pow(mu, 0.6f)) + cv::Vec3f(orient, -orient * 0.5f, orient * 0.3f) * mu +
              cv::Vec3f(highlight, highlight, highlight);
    s.code = kPearl;
}

// Returns false when the point is outside the shape. With shade = false only the coverage and
// the material's transmit alpha are computed (for what lies behind an opaque layer).
bool evaluate(const Primitive& pr, float x, float y, const Shading& sh, Sample& s, bool shade = true) {
    const float dx = x - pr.p0.x, dy = y - pr.p0.y;
    s.transmit = 1;
    switch (pr.shape) {
    case Shape::Capsule: {
        const float abx = pr.p1.x - pr.p0.x, aby = pr.p1.y - pr.p0.y;
        const float ab2 = abx * abx + aby * aby;
        const float t = ab2 > 0 ? std::clamp((dx * abx + dy * aby) / ab2, 0.0f, 1.0f) : 0.0f;
        const float vx = dx - t * abx, vy = dy - t * aby;
        const float d2 = vx * vx + vy * vy;
        if (d2 > pr.radius * pr.radius) return false;
        const float d = std::sqrt(d2);
        const cv::Point2f n2 = d > 1e-6f ? cv::Point2f(vx / d, vy / d) : cv::Point2f(0, 0);
        s.cover = 1;
        if (!shade) return true;
        if (pr.material == Material::Silk) {
            const float u = d / pr.radius;
            s.light = pr.colour * (0.55f + 0.45f * std::sqrt(1 - u * u));
            s.code = kThinWire;
        } else {
            shadeMetal(pr, pr.flatten, x, y, d / pr.radius, n2, sh, s);
        }
        return true;
    }
    case Shape::OvalRing: {
        const float qx = pr.cosAngle * dx + pr.sinAngle * dy, qy = -pr.sinAngle * dx + pr.cosAngle * dy;
        const float ex = qx / pr.axisA, ey = qy / pr.axisB;
        const float rho = std::sqrt(ex * ex + ey * ey);
        if (rho < 1e-6f) return false;
        const float gx = ex / (pr.axisA * rho), gy = ey / (pr.axisB * rho);
        const float g = std::sqrt(gx * gx + gy * gy);
        const float d = (rho - 1) / g;  // first-order distance to the centreline, signed (+ outside)
        if (std::abs(d) > pr.radius) return false;
        const float lx = gx / g, ly = gy / g;
        s.cover = 1;
        if (!shade) return true;
        shadeMetal(pr, pr.flatten, x, y, d / pr.radius,
                   {pr.cosAngle * lx - pr.sinAngle * ly, pr.sinAngle * lx + pr.cosAngle * ly}, sh, s);
        return true;
    }
    case Shape::Disc: {
        const float d2 = dx * dx + dy * dy;
        if (d2 > pr.radius * pr.radius) return false;
        const float d = std::sqrt(d2);
        const cv::Point2f n2 = d > 1e-6f ? cv::Point2f(dx / d, dy / d) : cv::Point2f(0, 0);
        s.cover = 1;
        if (!shade) return true;
        // A disc is a dome; a flat plate (flatten > 0) a very shallow one.
        shadeMetal(pr, 0, x, y, (d / pr.radius) * (pr.flatten > 0 ? 0.4f : 0.95f), n2, sh, s);
        return true;
    }
    case Shape::Stone: {
        const float d2 = dx * dx + dy * dy;
        if (d2 > pr.radius * pr.radius) return false;
        s.cover = 1;
        const Facet f = stoneFacet(pr, dx, dy, std::sqrt(d2));
        s.transmit = f.transmit;
        if (shade) shadeStone(pr, dx, dy, f, sh, s);
        return true;
    }
    case Shape::Pearl: {
        const float d = std::sqrt(dx * dx + dy * dy);
        const float cover = std::clamp((pr.radius - d) / pr.soft, 0.0f, 1.0f);
        if (cover <= 0) return false;
        s.cover = cover;
        if (shade) shadePearl(pr, dx, dy, d, s);
        return true;
    }
    case Shape::Punch:
        if (dx * dx + dy * dy > pr.radius * pr.radius) return false;
        s.cover = 1;
        s.code = 0;
        return true;
    }
    return false;
}

// Supersample accumulators for one band of rows. Shapes are composited front to back (the
// last drawn first): "over" is associative, so this equals painting back to front, and a
// supersample already covered by an opaque layer skips the shading of what lies behind it.
struct Band {
    int rows, cols;
    std::vector<cv::Vec3f> light;      // premultiplied light so far
    std::vector<float> alpha;          // coverage so far
    std::vector<float> clear;          // product of (1 - cover*transmit): 1 - transmit alpha
    std::vector<uint8_t> code;         // region | kMetalBit of the front-most layer covering >= 1/2
    std::vector<uint8_t> state;        // kFinal: nothing behind can matter; kFirm: code is settled
    static constexpr uint8_t kFinal = 1, kFirm = 2;

    Band(int r, int c) : rows(r), cols(c), light(size_t(r) * c), alpha(size_t(r) * c), clear(size_t(r) * c, 1.0f),
                         code(size_t(r) * c), state(size_t(r) * c) {}
    // Supersample columns drawn since the last reset: only those are resolved and reset (most
    // of a frame is empty set).
    int first = INT_MAX, last = -1;
    void touch(int i0, int i1) {
        first = std::min(first, i0);
        last = std::max(last, i1);
    }
    void reset() {
        if (last < first) return;
        for (int j = 0; j < int(alpha.size() / cols); ++j) {
            const size_t k = size_t(j) * cols + first, n = size_t(last - first + 1);
            std::fill_n(light.begin() + k, n, cv::Vec3f(0, 0, 0));
            std::fill_n(alpha.begin() + k, n, 0.0f);
            std::fill_n(clear.begin() + k, n, 1.0f);
            std::fill_n(code.begin() + k, n, uint8_t(0));
            std::fill_n(state.begin() + k, n, uint8_t(0));
        }
        first = INT_MAX;
        last = -1;
    }
};

void drawBehind(Band& band, const Primitive& pr, int ss, float yTop, const Shading& sh) {
    const cv::Rect2f b = pr.bounds();
    const float inv = 1.0f / ss;
    // Supersample (i, j) of the band sits at x = (i + 0.5)/ss - 0.5, y = yTop + (j + 0.5)/ss - 0.5.
    const int i0 = std::max(0, int(std::floor((b.x + 0.5f) * ss)));
    const int i1 = std::min(band.cols - 1, int(std::ceil((b.x + b.width + 0.5f) * ss)));
    const int j0 = std::max(0, int(std::floor((b.y - yTop + 0.5f) * ss)));
    const int j1 = std::min(band.rows - 1, int(std::ceil((b.y + b.height - yTop + 0.5f) * ss)));
    if (i1 < i0 || j1 < j0) return;
    band.touch(i0, i1);
    Sample s;
    for (int j = j0; j <= j1; ++j) {
        const float y = yTop + (j + 0.5f) * inv - 0.5f;
        const size_t row = size_t(j) * band.cols;
        for (int i = i0; i <= i1; ++i) {
            const size_t k = row + i;
            if (band.state[k] & Band::kFinal) continue;
            const float x = (i + 0.5f) * inv - 0.5f;
            const bool seen = band.alpha[k] < 1.0f;  // does any of its light still get through?
            if (!evaluate(pr, x, y, sh, s, seen)) continue;
            if (pr.shape == Shape::Punch) {  // a hole through everything behind it
                band.state[k] |= Band::kFinal;
                continue;
            }
            const float c = s.cover;
            if (seen) {
                const float w = (1 - band.alpha[k]) * c;
                band.light[k] += w * s.light;
                band.alpha[k] += w;
                if (!(band.state[k] & Band::kFirm)) {
                    if (c >= 0.5f) {
                        band.code[k] = s.code;
                        band.state[k] |= Band::kFirm;
                    } else if (band.code[k] == 0) {
                        band.code[k] = s.code;
                    }
                }
            }
            band.clear[k] *= 1 - c * s.transmit;
            if (band.alpha[k] >= 1.0f && band.clear[k] <= 0.0f) band.state[k] |= Band::kFinal;
        }
    }
}

void resolveBand(const Band& band, int ss, int yTop, PieceImage& out) {
    if (band.last < band.first) return;  // nothing drawn: the outputs stay zero
    const float norm = 1.0f / float(ss * ss);
    const int x0 = band.first / ss, x1 = std::min(band.cols / ss - 1, band.last / ss);
    for (int r = 0; r < band.rows / ss; ++r) {
        const int y = yTop + r;
        float* a = out.alpha.ptr<float>(y);
        float* t = out.alphaTransmit.ptr<float>(y);
        cv::Vec3f* p = out.premultiplied.ptr<cv::Vec3f>(y);
        uint8_t* reg = out.regions.ptr<uint8_t>(y);
        uint8_t* met = out.metal.ptr<uint8_t>(y);
        for (int x = x0; x <= x1; ++x) {
            float sa = 0, st = 0;
            cv::Vec3f sl(0, 0, 0);
            std::array<float, 16> votes{};  // region code (0-7), +8 for metal
            for (int j = 0; j < ss; ++j) {
                const size_t row = size_t(r * ss + j) * band.cols + size_t(x) * ss;
                for (int i = 0; i < ss; ++i) {
                    const size_t k = row + i;
                    sa += band.alpha[k];
                    st += 1 - band.clear[k];
                    sl += band.light[k];
                    const uint8_t c = band.code[k];
                    if (c) votes[(c & 7) | ((c & kMetalBit) ? 8 : 0)] += band.alpha[k];
                }
            }
            a[x] = sa * norm;
            t[x] = st * norm;
            p[x] = sl * norm;
            int best = 0;
            for (int c = 1; c < 16; ++c)
                if (votes[c] > votes[best]) best = c;
            reg[x] = a[x] > 0 ? uint8_t(best & 7) : 0;
            met[x] = (a[x] > 0 && (best & 8)) ? 255 : 0;
        }
    }
}

// Patches of polished metal: a smooth random field, thresholded so that ~18 % of this piece's
// metal surface mirrors the set (measured on the metal itself, so a small clasp gets its share).
void makeReflectField(Shading& sh, const PieceLayout& layout, cv::Size size, uint64_t seed) {
    sh.fieldCell = 6.0f * sh.scale;
    cv::Mat f(int(size.height / sh.fieldCell) + 3, int(size.width / sh.fieldCell) + 3, CV_32FC1);
    SceneRandom rng(seed, 7);
    for (int y = 0; y < f.rows; ++y)
        for (int x = 0; x < f.cols; ++x) f.at<float>(y, x) = float(rng.unit());
    cv::GaussianBlur(f, f, cv::Size(0, 0), 1.0, 1.0, cv::BORDER_REFLECT);
    sh.reflectField = f;
    sh.reflectThreshold = 2;  // nothing polished while we sample the metal
    std::vector<float> onMetal;
    Sample s;
    for (const auto& pr : layout.prims) {
        if (pr.material != Material::Metal || pr.shape == Shape::Punch) continue;
        const cv::Rect2f b = pr.bounds();
        for (float y = std::ceil(b.y); y <= b.y + b.height; y += 1)
            for (float x = std::ceil(b.x); x <= b.x + b.width; x += 1)
                if (x >= 0 && y >= 0 && x < size.width && y < size.height && evaluate(pr, x, y, sh, s, false))
                    onMetal.push_back(sh.field(x, y));
    }
    if (onMetal.empty()) return;
    const size_t k = size_t(onMetal.size() * 0.82);
    std::nth_element(onMetal.begin(), onMetal.begin() + k, onMetal.end());
    sh.reflectThreshold = onMetal[k];
}

}  // namespace

PieceImage rasterizePiece(const PieceLayout& layout, cv::Size size, int ss, const cv::Mat& setBlurred, float scale,
                          uint64_t seed) {
    CV_Assert(setBlurred.type() == CV_32FC3 && !setBlurred.empty() && ss >= 1);
    PieceImage out;
    out.alpha = cv::Mat::zeros(size, CV_32FC1);
    out.alphaTransmit = cv::Mat::zeros(size, CV_32FC1);
    out.premultiplied = cv::Mat::zeros(size, CV_32FC3);
    out.regions = cv::Mat::zeros(size, CV_8UC1);
    out.metal = cv::Mat::zeros(size, CV_8UC1);
    Shading sh{setBlurred, float(setBlurred.cols) / float(size.width), {}, 1, 1, scale};
    makeReflectField(sh, layout, size, seed);

    // Bands of a few supersample rows: the buffers stay small (cache-friendly, and a 24 MP
    // frame never holds its supersamples at once); each worker reuses its own buffer.
    const int bandRows = std::max(2, 64 / ss);
    const int bands = (size.height + bandRows - 1) / bandRows;
    std::vector<std::vector<int>> work(bands);
    for (int k = 0; k < int(layout.prims.size()); ++k) {
        const cv::Rect2f b = layout.prims[k].bounds();
        const int first = std::max(0, int(std::floor(b.y)) / bandRows);
        const int last = std::min(bands - 1, std::max(0, int(std::ceil(b.y + b.height))) / bandRows);
        for (int i = first; i <= last; ++i) work[i].push_back(k);
    }
    const int stripes = std::min(bands, std::max(1, cv::getNumThreads()) * 4);
    cv::parallel_for_(cv::Range(0, bands), [&](const cv::Range& r) {
        Band band(bandRows * ss, size.width * ss);
        for (int i = r.start; i < r.end; ++i) {
            const int y0 = i * bandRows;
            const int rows = std::min(bandRows, size.height - y0);
            band.rows = rows * ss;
            for (auto k = work[i].rbegin(); k != work[i].rend(); ++k) drawBehind(band, layout.prims[*k], ss, float(y0), sh);
            resolveBand(band, ss, y0, out);
            band.reset();
        }
    }, stripes);
    return out;
}

}  // namespace facet::scenes
