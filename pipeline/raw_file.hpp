#pragma once
// One opened camera RAW file: LibRaw plus the bytes it reads from. Shared by the full decode
// (raw_decode) and the fast preview (raw_preview); not for use outside the RAW stages.
//
// The file is read into memory and LibRaw reads from there through a stream that notices
// reads past the end: many LibRaw decoders silently fill a truncated file's missing rows
// with black, and a photographer must hear "the file is cut short", not get a half-black shot.
#include "pipeline/raw_decode.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

class LibRaw;

namespace facet {

class RawFile {
public:
    // Opens and parses the header. Throws InputError naming `name` when LibRaw cannot.
    RawFile(std::vector<std::uint8_t> bytes, std::string name);
    static RawFile open(const std::string& path);
    ~RawFile();
    RawFile(RawFile&&) noexcept;
    RawFile(const RawFile&) = delete;
    RawFile& operator=(const RawFile&) = delete;

    LibRaw& libraw() { return *raw_; }
    const std::string& name() const { return name_; }
    RawInfo info() const;

    // Throws InputError "<name>: cannot <stage> this camera RAW file (<LibRaw's reason>)".
    [[noreturn]] void fail(int libraw_rc, const std::string& stage) const;
    // Throws InputError when LibRaw read past the end of the data (a truncated file).
    void requireComplete(const std::string& stage) const;
    // Forget reads past the end seen so far (header parsing probes beyond the end legitimately).
    void resetOverrun();

private:
    struct Stream;
    std::vector<std::uint8_t> bytes_;
    std::string name_;
    std::unique_ptr<Stream> stream_;
    std::unique_ptr<LibRaw> raw_;
};

}  // namespace facet
