// libFuzzer target: any bytes into the RAW entry point (LibRaw through our RawFile stream).
// An InputError is the expected answer to garbage; a crash, a sanitizer report, a hang or any
// other exception escaping is a bug. (.cc so the facet_pipeline *.cpp glob leaves it out.)
#include "pipeline/errors.hpp"
#include "pipeline/raw_decode.hpp"
#include "pipeline/raw_preview.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::vector<std::uint8_t> bytes(data, data + size);
    facet::RawDecodeOptions options;
    // Both decode paths: half size (no demosaicing) for even sizes, full PPG for odd.
    options.halfSize = size % 2 == 0;
    try {
        facet::RawDecoded d = facet::decodeRawBuffer(bytes, "fuzz.raw", options);
        (void)d;
    } catch (const facet::InputError&) {
    }
    return 0;
}
