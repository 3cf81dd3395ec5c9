// libFuzzer target: any bytes into the profile parser. A ProfileError (InputError) is the
// expected answer to garbage; anything else escaping, a crash or a sanitizer report is a bug.
#include "pipeline/errors.hpp"
#include "profiles/profile_library.hpp"
#include "profiles/profile_loader.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // `extends` is followed through the shipped profiles, so the merge code is fuzzed too.
    static const facet::ProfileLibrary shipped({facet::ProfileLibrary::shippedFolder()});
    std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        facet::Profile p = facet::parseProfileText(text, "fuzz.toml", &shipped);
        (void)p;
    } catch (const facet::InputError&) {
    }
    return 0;
}
