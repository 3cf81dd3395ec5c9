#include "pipeline/photoshop_path.hpp"

#include "pipeline/errors.hpp"

#include <algorithm>
#include <cmath>

namespace facet {

namespace {

enum Selector : std::uint16_t {
    kClosedLength = 0,
    kClosedLinked = 1,
    kClosedUnlinked = 2,
    kOpenLength = 3,
    kOpenLinked = 4,
    kOpenUnlinked = 5,
    kFillRule = 6,
    kClipboard = 7,
    kInitialFill = 8,
};

void put16(std::string& s, std::uint16_t v) {
    s += char(v >> 8);
    s += char(v & 0xFF);
}
void put32(std::string& s, std::uint32_t v) {
    put16(s, std::uint16_t(v >> 16));
    put16(s, std::uint16_t(v & 0xFFFF));
}
std::uint16_t get16(std::string_view s, size_t at) {
    return std::uint16_t((std::uint8_t(s[at]) << 8) | std::uint8_t(s[at + 1]));
}
std::uint32_t get32(std::string_view s, size_t at) { return (std::uint32_t(get16(s, at)) << 16) | get16(s, at + 2); }

// Signed 8.24 fixed point: 0 = top/left edge, 1 = bottom/right edge.
void putFixed(std::string& s, double fraction) {
    const double clamped = std::clamp(fraction, -127.0, 127.0);
    put32(s, std::uint32_t(std::int32_t(std::lround(clamped * (1 << 24)))));
}
double getFixed(std::string_view s, size_t at) { return double(std::int32_t(get32(s, at))) / (1 << 24); }

void putPoint(std::string& s, cv::Point2d p, cv::Size size) {
    putFixed(s, p.y / size.height);  // vertical first
    putFixed(s, p.x / size.width);
}
cv::Point2d getPoint(std::string_view s, size_t at, cv::Size size) {
    return {getFixed(s, at + 4) * size.width, getFixed(s, at) * size.height};
}

void putRecord(std::string& s, std::uint16_t selector, std::uint16_t first = 0) {
    put16(s, selector);
    put16(s, first);
    s.append(22, '\0');
}

std::string pascalString(const std::string& text, bool padToEven) {
    const std::string t = text.substr(0, 255);
    std::string s(1, char(t.size()));
    s += t;
    if (padToEven && s.size() % 2) s += '\0';
    return s;
}

}  // namespace

std::string encodePhotoshopPath(const ClippingPath& path) {
    CV_Assert(path.imageSize.width > 0 && path.imageSize.height > 0);
    std::string s;
    putRecord(s, kFillRule);
    putRecord(s, kInitialFill, 0);  // the fill starts with no pixels: the path adds the piece
    for (const PathContour& c : path.contours) {
        putRecord(s, kClosedLength, std::uint16_t(std::min<size_t>(c.knots.size(), 65535)));
        for (size_t i = 0; i < c.knots.size() && i < 65535; ++i) {
            const PathKnot& k = c.knots[i];
            put16(s, k.smooth ? kClosedLinked : kClosedUnlinked);
            putPoint(s, k.before, path.imageSize);
            putPoint(s, k.anchor, path.imageSize);
            putPoint(s, k.after, path.imageSize);
        }
    }
    return s;
}

ClippingPath decodePhotoshopPath(std::string_view r, cv::Size imageSize) {
    if (r.size() % 26 != 0)
        throw InputError("the Photoshop path is " + std::to_string(r.size()) + " bytes, not a whole number of 26-byte records");
    ClippingPath path;
    path.imageSize = imageSize;
    size_t remaining = 0;
    for (size_t at = 0; at < r.size(); at += 26) {
        const std::uint16_t selector = get16(r, at);
        switch (selector) {
            case kClosedLength:
            case kOpenLength:
                if (remaining != 0) throw InputError("the Photoshop path has a sub-path with missing knots");
                path.contours.emplace_back();
                remaining = get16(r, at + 2);
                break;
            case kClosedLinked:
            case kClosedUnlinked:
            case kOpenLinked:
            case kOpenUnlinked: {
                if (remaining == 0 || path.contours.empty())
                    throw InputError("the Photoshop path has a knot outside any sub-path");
                PathKnot k;
                k.before = getPoint(r, at + 2, imageSize);
                k.anchor = getPoint(r, at + 10, imageSize);
                k.after = getPoint(r, at + 18, imageSize);
                k.smooth = selector == kClosedLinked || selector == kOpenLinked;
                path.contours.back().knots.push_back(k);
                --remaining;
                break;
            }
            case kFillRule:
            case kClipboard:
            case kInitialFill:
                break;
            default:
                throw InputError("the Photoshop path has an unknown record type " + std::to_string(selector));
        }
    }
    if (remaining != 0) throw InputError("the Photoshop path ends in the middle of a sub-path");
    return path;
}

std::string encodePhotoshopResources(const std::vector<PhotoshopResource>& resources) {
    std::string s;
    for (const PhotoshopResource& r : resources) {
        s += "8BIM";
        put16(s, r.id);
        s += pascalString(r.name, true);
        put32(s, std::uint32_t(r.data.size()));
        s += r.data;
        if (r.data.size() % 2) s += '\0';
    }
    return s;
}

std::vector<PhotoshopResource> decodePhotoshopResources(std::string_view b) {
    std::vector<PhotoshopResource> out;
    size_t at = 0;
    while (at < b.size()) {
        if (b.size() - at < 12 || b.substr(at, 4) != "8BIM")
            throw InputError("the Photoshop resources are damaged (no 8BIM signature at byte " + std::to_string(at) + ")");
        PhotoshopResource r;
        r.id = get16(b, at + 4);
        const size_t nameLen = std::uint8_t(b[at + 6]);
        size_t nameBytes = 1 + nameLen;
        if (nameBytes % 2) ++nameBytes;
        if (at + 6 + nameBytes + 4 > b.size()) throw InputError("the Photoshop resources are cut short");
        r.name = std::string(b.substr(at + 7, nameLen));
        const size_t size = get32(b, at + 6 + nameBytes);
        const size_t dataAt = at + 6 + nameBytes + 4;
        if (size > b.size() - dataAt) throw InputError("the Photoshop resources are cut short");
        r.data = std::string(b.substr(dataAt, size));
        out.push_back(std::move(r));
        at = dataAt + size + (size % 2);
    }
    return out;
}

std::string photoshopClippingPathResources(const ClippingPath& path, const std::string& name) {
    PhotoshopResource pathBlock{2000, name, encodePhotoshopPath(path)};
    // 2999: the clipping path's name, its flatness (16.16 fixed, device pixels; 0 = the
    // output device's default) and its fill rule (1 = even-odd).
    PhotoshopResource clip{2999, "", pascalString(name, false)};
    put32(clip.data, 0);
    put16(clip.data, 1);
    return encodePhotoshopResources({pathBlock, clip});
}

namespace {
const std::string_view kApp13Id("Photoshop 3.0\0", 14);
}

std::string jpegWithPhotoshopResources(std::string_view jpeg, const std::string& resources) {
    if (jpeg.size() < 4 || std::uint8_t(jpeg[0]) != 0xFF || std::uint8_t(jpeg[1]) != 0xD8)
        throw InputError("cannot add a clipping path: not a JPEG");
    // Skip the APPn headers (JFIF must stay first for strict readers).
    size_t at = 2;
    while (at + 4 <= jpeg.size() && std::uint8_t(jpeg[at]) == 0xFF && (std::uint8_t(jpeg[at + 1]) & 0xF0) == 0xE0)
        at += 2 + get16(jpeg, at + 2);
    if (at > jpeg.size()) throw InputError("cannot add a clipping path: the JPEG headers are damaged");
    std::string out(jpeg.substr(0, at));
    const size_t maxChunk = 65533 - kApp13Id.size();
    for (size_t done = 0; done < resources.size(); done += maxChunk) {
        const size_t n = std::min(maxChunk, resources.size() - done);
        out += char(0xFF);
        out += char(0xED);
        put16(out, std::uint16_t(2 + kApp13Id.size() + n));
        out += kApp13Id;
        out.append(resources, done, n);
    }
    out += jpeg.substr(at);
    return out;
}

std::string photoshopResourcesOfJpeg(std::string_view jpeg) {
    std::string out;
    size_t at = 2;
    while (at + 4 <= jpeg.size() && std::uint8_t(jpeg[at]) == 0xFF) {
        const std::uint8_t marker = std::uint8_t(jpeg[at + 1]);
        if (marker == 0xDA || marker == 0xD9) break;  // image data starts
        const size_t len = get16(jpeg, at + 2);
        if (len < 2 || at + 2 + len > jpeg.size()) break;
        const std::string_view body = jpeg.substr(at + 4, len - 2);
        if (marker == 0xED && body.substr(0, kApp13Id.size()) == kApp13Id) out += body.substr(kApp13Id.size());
        at += 2 + len;
    }
    return out;
}

NamedPath findClippingPath(const std::vector<PhotoshopResource>& resources, cv::Size imageSize) {
    NamedPath out;
    std::string wanted;
    bool named = false;
    for (const auto& r : resources)
        if (r.id == 2999 && !r.data.empty()) {
            const size_t len = std::uint8_t(r.data[0]);
            if (1 + len > r.data.size()) throw InputError("the clipping path name resource is damaged");
            wanted = r.data.substr(1, len);
            named = true;
        }
    if (!named) return out;
    for (const auto& r : resources)
        if (r.id >= 2000 && r.id <= 2997 && r.name == wanted) {
            out.name = wanted;
            out.path = decodePhotoshopPath(r.data, imageSize);
            out.found = true;
            return out;
        }
    return out;
}

}  // namespace facet
