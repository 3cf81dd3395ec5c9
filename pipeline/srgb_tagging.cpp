#include "pipeline/srgb_tagging.hpp"

#include "pipeline/srgb.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace facet {

namespace {

void put16(std::string& s, std::uint32_t v) {
    s += char((v >> 8) & 0xFF);
    s += char(v & 0xFF);
}
void put32(std::string& s, std::uint32_t v) {
    put16(s, v >> 16);
    put16(s, v & 0xFFFF);
}
void putS15Fixed16(std::string& s, double v) { put32(s, std::uint32_t(std::int32_t(std::lround(v * 65536.0)))); }
void pad4(std::string& s) {
    while (s.size() % 4) s += '\0';
}

std::string xyzTag(double x, double y, double z) {
    std::string t = "XYZ ";
    put32(t, 0);
    putS15Fixed16(t, x);
    putS15Fixed16(t, y);
    putS15Fixed16(t, z);
    return t;
}

std::string descTag(const std::string& text) {
    std::string t = "desc";
    put32(t, 0);
    put32(t, std::uint32_t(text.size() + 1));
    t += text;
    t += '\0';
    put32(t, 0);  // Unicode language
    put32(t, 0);  // Unicode count
    put16(t, 0);  // ScriptCode code
    t += '\0';    // ScriptCode count
    t.append(67, '\0');
    return t;
}

std::string textTag(const std::string& text) {
    std::string t = "text";
    put32(t, 0);
    t += text;
    t += '\0';
    return t;
}

std::string curveTag() {
    std::string t = "curv";
    put32(t, 0);
    const int n = 1024;
    put32(t, n);
    for (int i = 0; i < n; ++i) put16(t, std::uint32_t(std::lround(srgbDecode(float(i) / (n - 1)) * 65535.0)));
    return t;
}

std::string buildProfile() {
    struct Tag {
        const char* sig;
        std::string data;
    };
    // Primaries adapted to the D50 PCS with the Bradford transform (the values in the
    // reference sRGB profiles).
    const std::string trc = curveTag();
    std::vector<Tag> tags = {
        {"desc", descTag("sRGB IEC61966-2.1 (Facet)")},
        {"cprt", textTag("No copyright, use freely")},
        {"wtpt", xyzTag(0.9505, 1.0, 1.0890)},
        {"rXYZ", xyzTag(0.4360747, 0.2225045, 0.0139322)},
        {"gXYZ", xyzTag(0.3850649, 0.7168786, 0.0971045)},
        {"bXYZ", xyzTag(0.1430804, 0.0606169, 0.7141733)},
        {"rTRC", trc},
        {"gTRC", trc},
        {"bTRC", trc},
    };
    std::string table;
    put32(table, std::uint32_t(tags.size()));
    std::string body;
    const std::uint32_t bodyStart = 128 + 4 + 12 * std::uint32_t(tags.size());
    for (const Tag& t : tags) {
        table += t.sig;
        put32(table, bodyStart + std::uint32_t(body.size()));
        put32(table, std::uint32_t(t.data.size()));
        body += t.data;
        pad4(body);
    }
    std::string header;
    put32(header, std::uint32_t(128 + table.size() + body.size()));
    put32(header, 0);            // preferred CMM
    put32(header, 0x02100000);   // version 2.1
    header += "mntr";
    header += "RGB ";
    header += "XYZ ";
    for (int v : {2026, 1, 1, 0, 0, 0}) put16(header, std::uint32_t(v));
    header += "acsp";
    put32(header, 0);  // platform
    put32(header, 0);  // flags
    put32(header, 0);  // manufacturer
    put32(header, 0);  // model
    put32(header, 0);  // attributes
    put32(header, 0);
    put32(header, 0);  // rendering intent: perceptual
    putS15Fixed16(header, 0.9642);  // PCS illuminant D50
    putS15Fixed16(header, 1.0);
    putS15Fixed16(header, 0.8249);
    put32(header, 0);  // creator
    header.resize(128, '\0');
    return header + table + body;
}

std::uint32_t crc32(std::string_view bytes) {
    static const std::array<std::uint32_t, 256> table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t n = 0; n < 256; ++n) {
            std::uint32_t c = n;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    std::uint32_t c = 0xFFFFFFFFu;
    for (unsigned char b : bytes) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

std::string pngChunk(const char* type, const std::string& data) {
    std::string c;
    put32(c, std::uint32_t(data.size()));
    std::string body = std::string(type, 4) + data;
    c += body;
    put32(c, crc32(body));
    return c;
}

}  // namespace

const std::string& srgbIccProfile() {
    static const std::string profile = buildProfile();
    return profile;
}

std::string tagPngAsSrgb(std::string_view png, const std::string& xmp) {
    static const char kSignature[] = "\x89PNG\r\n\x1a\n";
    // Signature (8) + IHDR chunk (4 length + 4 type + 13 data + 4 CRC).
    const size_t ihdrEnd = 8 + 25;
    if (png.size() < ihdrEnd || png.substr(0, 8) != std::string_view(kSignature, 8) || png.substr(12, 4) != "IHDR")
        throw std::invalid_argument("not a PNG");
    std::string chunks = pngChunk("sRGB", std::string(1, '\0'));  // perceptual
    std::string gama;
    put32(gama, 45455);  // 1/2.2, for readers that ignore sRGB
    chunks += pngChunk("gAMA", gama);
    std::string chrm;
    for (int v : {31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000}) put32(chrm, std::uint32_t(v));
    chunks += pngChunk("cHRM", chrm);
    if (!xmp.empty()) {
        std::string itxt = "XML:com.adobe.xmp";
        itxt += '\0';
        itxt += '\0';  // not compressed
        itxt += '\0';  // method
        itxt += '\0';  // language
        itxt += '\0';  // translated keyword
        itxt += xmp;
        chunks += pngChunk("iTXt", itxt);
    }
    std::string out(png.substr(0, ihdrEnd));
    out += chunks;
    out += png.substr(ihdrEnd);
    return out;
}

}  // namespace facet
