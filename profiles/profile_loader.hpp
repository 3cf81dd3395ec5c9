#pragma once
// Loading a profile: parse the TOML, migrate an older version, apply `extends`, validate every
// field into a typed Profile. Every problem is reported with file, line and field, all at once,
// as a ProfileError (an InputError: the CLI prints it and exits 1).
#include "profiles/profile.hpp"
#include "profiles/profile_library.hpp"

#include <string>
#include <string_view>

namespace facet {

// Loads a file. `extends = "NAME"` is looked up in `library` (skipping this file).
Profile loadProfileFile(const std::string& path, const ProfileLibrary& library = ProfileLibrary::standard());

// Loads by name (searching the library) or, when `nameOrPath` ends in .toml or names an
// existing file, that file.
Profile loadProfile(const std::string& nameOrPath, const ProfileLibrary& library = ProfileLibrary::standard());

// Parses profile text that did not come from a file (tests, the fuzzer). `file` names it in
// messages. With no library, `extends` is an error.
Profile parseProfileText(std::string_view text, const std::string& file, const ProfileLibrary* library);

}  // namespace facet
