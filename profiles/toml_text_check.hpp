#pragma once
// Profile text before toml++ sees it.
//
// 1. checkTomlText: malformed UTF-8 and non-ASCII outside strings and comments (never valid
//    TOML) get a message with the line, not a parser's guess.
// 2. makeTomlTextSafe: toml++ 3.3 (Debian 12) reaches __builtin_unreachable() -- undefined
//    behaviour -- when it asks "is this whitespace?" of characters in U+00A1-U+0499,
//    U+2C5E-U+2FFF, U+3001-U+3057 and U+FB26-U+FEFE (accented Latin letters, Greek, Cyrillic,
//    CJK punctuation, Arabic presentation forms...). Fuzzing the profile parser found it three
//    times, twice inside strings after a parse error (toml++ issues #190 and #295, fixed
//    upstream after 3.3). Those characters are swapped for unused private-use characters
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

// The code points toml++ 3.3's is_non_ascii_horizontal_whitespace() cannot classify.
bool tomlPlusPlus33CannotClassify(char32_t cp);

// Needs valid UTF-8 (checkTomlText first).
SafeTomlText makeTomlTextSafe(std::string_view text);

}  // namespace facet
