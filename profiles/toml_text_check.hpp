#pragma once
// A check of profile text before toml++ sees it. Two reasons:
//  - malformed UTF-8 gets a message with the line, not a parser's guess;
//  - toml++ 3.3 (Debian 12) reaches __builtin_unreachable() when it asks "is this whitespace?"
//    of certain non-ASCII characters (U+00A1-U+0499, U+2D6E-U+3167: accented letters, Greek,
//    Cyrillic...), found by fuzzing the profile parser (toml++ issues #190 and #295, fixed
//    upstream after 3.3). Undefined behaviour is not an answer to a typo, so such characters are
//    refused where the parser would do that: outside strings and comments (where TOML allows
//    only ASCII anyway) and right after a backslash in a multi-line "\"\"\"" string.
#include "profiles/profile_error.hpp"

#include <string>
#include <string_view>

namespace facet {

// Throws ProfileError naming file and line for the first problem found.
void checkTomlText(std::string_view text, const std::string& file);

}  // namespace facet
