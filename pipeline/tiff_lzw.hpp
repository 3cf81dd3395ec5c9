#pragma once
// A decoder for one strip of TIFF LZW (TIFF 6.0, section 13): the "new-style" code stream that
// libtiff, Photoshop, Lightroom and OpenCV write. It exists for speed only: a noisy 24 MP 16-bit
// photo is ~115 million codes, and libtiff's decoder (a linked list walked backwards per string)
// was most of the time `facet cutout` spent reading its two inputs. It undoes no predictor: the
// caller sums the differences (tiff_read.cpp, on the way to float).
//
// It handles only streams it can decode exactly as libtiff does and says so by returning
// nullptr for anything else: old-style (LSB-first) codes, a code not yet in the table, a table
// that overflows without a Clear, a stream that ends before the strip is full. The caller then
// lets libtiff read that strip, so odd or damaged files get libtiff's result and libtiff's error.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace facet {

class LzwStripDecoder {
public:
    // Bytes past the end of the compressed data that decode() may read (whole 8-byte words).
    static constexpr size_t kInputPadding = 8;

    LzwStripDecoder();

    // Decodes `encoded` (`encodedSize` bytes, followed by kInputPadding readable bytes of any
    // value) into the first `decodedSize` bytes of the strip. Returns the decoded bytes, valid
    // until the next call, or nullptr when libtiff should decode this strip instead.
    const uint8_t* decode(const uint8_t* encoded, size_t encodedSize, size_t decodedSize);

private:
    // A string in the table is a run of bytes already in `buffer_`: every LZW string is an
    // earlier output string plus one byte, and that byte is the one that followed it in the
    // output, so a string is simply where it was first written and how long it is. The 256
    // single-byte strings point at the bytes 0..255 kept at the start of the buffer.
    struct String {
        uint32_t offset;  // into buffer_
        uint32_t length;
    };
    struct Decoding;
    enum class Run;
    template <unsigned Width>
    static Run decodeAtWidth(Decoding& state);
    static bool restart(Decoding& state);

    std::vector<String> table_;
    std::vector<uint8_t> buffer_;  // bytes 0..255, then the decoded strip, then room to overrun
};

}  // namespace facet
