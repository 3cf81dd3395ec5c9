#include "pipeline/tiff_lzw.hpp"

#include <bit>
#include <cstring>
#include <limits>

namespace facet {

namespace {

// The code stream (TIFF 6.0, section 13, as libtiff reads it): codes of 9 to 12 bits, most
// significant bit first; 0..255 stand for themselves, 256 empties the table, 257 ends the
// strip, 258 and up are the strings added to the table, one per code after the first.
constexpr uint32_t kClear = 256;
constexpr uint32_t kEndOfInformation = 257;
constexpr uint32_t kFirstString = 258;
constexpr uint32_t kTableSize = 4096;  // 12-bit codes
constexpr unsigned kMinWidth = 9, kMaxWidth = 12;

// The bytes 0..255 sit at the start of the decoder's buffer, the decoded strip after them.
constexpr uint32_t kStripStart = 256;
// The longest string a 12-bit table can hold: one byte longer per entry after the first 258.
constexpr uint32_t kLongestString = kTableSize - kFirstString + 1;
// Strings are copied 16 bytes at a time, and the last one may run past the strip's end.
constexpr uint32_t kCopyChunk = 16;
constexpr size_t kOverrun = kLongestString + kCopyChunk;

// Codes most significant bit first, from a 64-bit word refilled a few bytes at a time.
struct BitReader {
    const uint8_t* next;  // the first byte not yet in `bits`
    uint64_t bits = 0;    // the next `count` bits of the stream, from the top; zeros below
    unsigned count = 0;
    int64_t left;         // bits of the stream not yet read as codes

    BitReader(const uint8_t* stream, size_t size) : next(stream), left(int64_t(size) * 8) {}

    // False at the end of the stream. Loads whole 8-byte words: never more than
    // LzwStripDecoder::kInputPadding bytes past the end, as a code is only read when its bits
    // are all there (a load starts at a byte not yet used).
    template <unsigned Width>
    bool read(uint32_t& code) {
        if ((left -= Width) < 0) return false;
        if (count < Width) {
            uint64_t word;
            std::memcpy(&word, next, sizeof word);
            if constexpr (std::endian::native == std::endian::little) word = __builtin_bswap64(word);
            bits |= word >> count;
            next += (63 - count) >> 3;
            count |= 56;
        }
        code = uint32_t(bits >> (64 - Width));
        bits <<= Width;
        count -= Width;
        return true;
    }
};

// Copies a string from earlier in the buffer in 16-byte chunks, each loaded whole before it is
// stored (so a source that overlaps the destination gives what was there before the copy). Up
// to 15 bytes past the string are overwritten: they are the next string's place, or overrun.
inline void copyChunk(const uint8_t* from, uint8_t* to) {
    uint8_t chunk[kCopyChunk];
    std::memcpy(chunk, from, kCopyChunk);
    std::memcpy(to, chunk, kCopyChunk);
}

inline void copyString(uint8_t* buffer, uint32_t from, uint32_t to, uint32_t length) {
    copyChunk(buffer + from, buffer + to);  // nearly every string: photos make short ones
    for (uint32_t done = kCopyChunk; done < length; done += kCopyChunk) [[unlikely]]
        copyChunk(buffer + from + done, buffer + to + done);
}

}  // namespace

// Where a strip's decoding stands between runs of codes of one width.
struct LzwStripDecoder::Decoding {
    BitReader reader;
    uint8_t* buffer;
    String* table;
    uint32_t out;          // where the next string goes in buffer
    uint32_t end;          // the end of the strip in buffer
    uint32_t nextString;   // the table entry the next code adds
    String previous;       // the string the last code wrote
};

enum class LzwStripDecoder::Run { StripFull, Widened, Cleared, Refused };

// Codes of one width, until the strip is full, the table grows to the next width, or a Clear.
// The width is a template argument so that the bit shifts are constants: the loop is most of
// the decoding time (a code per 1.3 bytes of a noisy 16-bit photo).
template <unsigned Width>
LzwStripDecoder::Run LzwStripDecoder::decodeAtWidth(Decoding& state) {
    // The "early change": the next code is one bit wider once the table is one entry short of
    // this width's reach (as libtiff and every TIFF writer do, unlike the textbook LZW). At 12
    // bits, a table that fills (4096 entries) must be followed by a Clear: libtiff tolerates
    // some more codes there; we leave such a strip to it.
    constexpr uint32_t widen = Width < kMaxWidth ? (1u << Width) - 1 : kTableSize + 1;
    Decoding s = state;  // in registers: the table and buffer stores cannot alias it
    Run result = Run::StripFull;
    while (s.out < s.end) {
        uint32_t code;
        if (!s.reader.read<Width>(code)) {  // the strip ended short: libtiff says so
            result = Run::Refused;
            break;
        }
        if (code - kClear <= kEndOfInformation - kClear) [[unlikely]] {  // End of Information
            result = code == kClear ? Run::Cleared : Run::Refused;       // is early: not full
            break;
        }
        if (code > s.nextString) [[unlikely]] {  // not in the table yet
            result = Run::Refused;
            break;
        }
        // The new string: the previous one plus the first byte of this one, which is the byte
        // written right after the previous string, so it is simply one byte longer.
        s.table[s.nextString] = {s.previous.offset, s.previous.length + 1};
        const String string = s.table[code];
        copyString(s.buffer, string.offset, s.out, string.length);
        // The code just added (a string that ends with its own first byte, "KwKwK"): its last
        // byte was not there yet when the copy read it.
        if (code == s.nextString) [[unlikely]]
            s.buffer[s.out + string.length - 1] = s.buffer[string.offset];
        s.previous = {s.out, string.length};
        s.out += string.length;
        if (++s.nextString == widen) [[unlikely]] {
            result = Width < kMaxWidth ? Run::Widened : Run::Refused;
            break;
        }
    }
    state = s;
    return result;
}

// After a Clear: the table holds the single bytes only, codes are 9 bits again, and the next
// code (more Clears aside) is a single byte that adds no string.
bool LzwStripDecoder::restart(Decoding& s) {
    uint32_t code;
    do {
        if (!s.reader.read<kMinWidth>(code)) return false;
    } while (code == kClear);
    if (code > 255) return false;  // End of Information too early, or a string in an empty table
    s.buffer[s.out] = uint8_t(code);
    s.previous = {s.out, 1};
    s.out += 1;
    s.nextString = kFirstString;
    return true;
}

LzwStripDecoder::LzwStripDecoder() : table_(kTableSize + 1) {
    for (uint32_t byte = 0; byte < 256; ++byte) table_[byte] = {byte, 1};
}

const uint8_t* LzwStripDecoder::decode(const uint8_t* encoded, size_t encodedSize, size_t decodedSize) {
    if (decodedSize == 0 || decodedSize > std::numeric_limits<uint32_t>::max() - kStripStart - kOverrun)
        return nullptr;
    if (buffer_.size() < kStripStart + decodedSize + kOverrun) {
        buffer_.resize(kStripStart + decodedSize + kOverrun);
        for (uint32_t byte = 0; byte < 256; ++byte) buffer_[byte] = uint8_t(byte);
    }
    Decoding s{BitReader(encoded, encodedSize), buffer_.data(), table_.data(), kStripStart,
               kStripStart + uint32_t(decodedSize), kFirstString, {}};
    // A strip starts with a Clear. One that does not is either old-style LSB-first codes (the
    // first byte of those is 0) or damaged: libtiff's business, both.
    uint32_t first;
    if (!s.reader.read<kMinWidth>(first) || first != kClear || !restart(s)) return nullptr;
    unsigned width = kMinWidth;
    for (;;) {
        Run run = Run::Refused;
        switch (width) {
            case 9: run = decodeAtWidth<9>(s); break;
            case 10: run = decodeAtWidth<10>(s); break;
            case 11: run = decodeAtWidth<11>(s); break;
            case 12: run = decodeAtWidth<12>(s); break;
        }
        switch (run) {
            case Run::StripFull: return buffer_.data() + kStripStart;
            case Run::Widened: ++width; break;
            case Run::Cleared:
                if (!restart(s)) return nullptr;
                width = kMinWidth;
                break;
            case Run::Refused: return nullptr;
        }
    }
}

}  // namespace facet
