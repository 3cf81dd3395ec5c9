#pragma once
// What is wrong with a profile file, located: "profiles/black-velvet.toml:12: shutter '1/0' is
// not a shutter speed". A ProfileError carries every issue found, not just the first, so a
// photographer fixes a file in one go.
#include "pipeline/errors.hpp"

#include <string>
#include <vector>

namespace facet {

struct ProfileIssue {
    std::string file;
    int line = 0;         // 1-based; 0 when the field is missing (no line to point at)
    std::string field;    // dotted: "camera.shutter", "export[0].format"; empty for syntax errors
    std::string message;  // "shutter '1/0' is not a shutter speed (...)"
    std::string text() const;   // "file:line: message"
};

struct ProfileError : InputError {
    explicit ProfileError(std::vector<ProfileIssue> found);
    std::vector<ProfileIssue> issues;
};

}  // namespace facet
