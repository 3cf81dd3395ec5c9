#pragma once
// Profile text before toml++ sees it.
//
// 1. checkTomlText: malformed UTF-8 and non-ASCII outside strings and comments (never valid
//    TOML) get a message with the line, not a parser's guess.
// 2. makeTomlTextSafe: toml++ 3.3 (Debian 12) reaches __builtin_unreachable() -- undefined
//    behaviour -- when it asks "is this whitespace?" of characters in U+00A1-U+0499 and
//    U+2D6E-U+3167 (accented Latin letters, Greek, Cyrillic, ...). Fuzzing the profile parser
//    found it twice, once inside a string after a parse error (toml++ issues #190 and #295,
//    fixed upstream after 3.3). Those characters are swapped for unused private-use characters
//    (which toml++ classifies safely and TOML treats alike) before parsing and swapped back in
//    every string and key afterwards, so "Lumière" in guidance text still works.
#include "profiles/profile_error.hpp"

#include <map>
#include <string>
#include <string_view>

namespace facet {

// Throws ProfileError naming file and line for the first problem found.
void checkTomlText(std::string_view text, const std::string& file);

struct SafeTomlText {
    std::string text;                            // what toml++ may parse
    std::map<std::string, std::string> restore;  // substitute (UTF-8) -> original (UTF-8)
    std::string restored(std::string s) const;   // undoes the swap in a parsed string or message
};

// Needs valid UTF-8 (checkTomlText first).
SafeTomlText makeTomlTextSafe(std::string_view text);

}  // namespace facet
