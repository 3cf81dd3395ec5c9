// libFuzzer target: our LZW strip decoder against libtiff's. Whatever ours decodes, libtiff must
// decode to the same bytes (ours may refuse anything: libtiff then reads the strip). The input
// is the strip's size, then either the code stream as stored or (to reach deep into the table)
// a list of codes, packed here at the widths the table growth gives them.
#include "pipeline/tiff_lzw.hpp"

#include <tiffio.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

// Codes (two input bytes each) packed most significant bit first, the width following the
// decoder's table as a writer's would: 9 bits after a Clear, one more at 511, 1023 and 2047.
std::vector<uint8_t> packCodes(const uint8_t* data, size_t size) {
    std::vector<uint8_t> out;
    uint64_t bits = 0;
    unsigned count = 0, width = 9, next = 258;
    bool afterClear = false;
    for (size_t i = 0; i + 1 < size; i += 2) {
        uint32_t code = (uint32_t(data[i]) << 8 | data[i + 1]) % 4096;
        if (code >= (1u << width)) code %= next + 1;  // mostly codes in the table
        bits = bits << width | code;
        count += width;
        while (count >= 8) {
            out.push_back(uint8_t(bits >> (count - 8)));
            count -= 8;
        }
        if (code == 256) {
            width = 9, next = 258, afterClear = true;
        } else if (afterClear) {
            afterClear = false;
        } else if (next < 4096 && ++next == (1u << width) - 1 && width < 12) {
            ++width;
        }
    }
    if (count > 0) out.push_back(uint8_t(bits << (8 - count)));
    return out;
}

void silence(const char*, const char*, va_list) {}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 3) return 0;
    std::vector<uint8_t> stream = data[2] & 1 ? packCodes(data + 3, size - 3)
                                               : std::vector<uint8_t>(data + 3, data + size);
    if (stream.empty()) return 0;
    // A one-row grey strip, mostly shorter than the stream can give (a code of 9 to 12 bits
    // gives at least one byte), so that many strips decode.
    const uint32_t width = 1 + (uint32_t(data[0]) << 8 | data[1]) % uint32_t(stream.size());

    std::vector<uint8_t> padded = stream;
    padded.resize(stream.size() + facet::LzwStripDecoder::kInputPadding, 0x5A);
    facet::LzwStripDecoder lzw;
    const uint8_t* ours = lzw.decode(padded.data(), stream.size(), width);
    if (!ours) return 0;

    TIFFSetErrorHandler(silence);
    TIFFSetWarningHandler(silence);
    const std::string path = "/tmp/facet-fuzz-lzw-" + std::to_string(getpid()) + ".tif";
    TIFF* out = TIFFOpen(path.c_str(), "w");
    if (!out) abort();
    TIFFSetField(out, TIFFTAG_IMAGEWIDTH, width);
    TIFFSetField(out, TIFFTAG_IMAGELENGTH, 1u);
    TIFFSetField(out, TIFFTAG_BITSPERSAMPLE, 8);
    TIFFSetField(out, TIFFTAG_SAMPLESPERPIXEL, 1);
    TIFFSetField(out, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
    TIFFSetField(out, TIFFTAG_COMPRESSION, COMPRESSION_LZW);
    TIFFSetField(out, TIFFTAG_ROWSPERSTRIP, 1u);
    TIFFWriteRawStrip(out, 0, stream.data(), tmsize_t(stream.size()));
    TIFFClose(out);
    TIFF* in = TIFFOpen(path.c_str(), "r");
    if (!in) abort();
    std::vector<uint8_t> theirs(width);
    const tmsize_t got = TIFFReadEncodedStrip(in, 0, theirs.data(), tmsize_t(width));
    TIFFClose(in);
    if (got != tmsize_t(width) || std::memcmp(ours, theirs.data(), width) != 0) abort();  // we decoded what libtiff does not
    return 0;
}
