#pragma once
// A parsed profile file before validation: the TOML table plus where each field was written.
// Locations are kept beside the table (not in toml++'s nodes) because migration and `extends`
// move fields around and create new ones, and each must still point at the line it came from.
#include "profiles/profile_error.hpp"

#include <toml++/toml.h>

#include <map>
#include <string>
#include <string_view>

namespace facet {

struct FieldLocation {
    std::string file;
    int line = 0;
};

struct ProfileDocument {
    std::string file;
    toml::table table;
    std::map<std::string, FieldLocation> where;   // "camera.shutter" -> file:line

    FieldLocation locate(const std::string& field) const;   // falls back to the enclosing table
    ProfileIssue issue(const std::string& field, std::string message) const;
};

// Parses TOML text; a syntax error throws ProfileError with the parser's line and message.
ProfileDocument parseProfileDocument(std::string_view text, const std::string& file);

// Dotted child path: childPath("camera", "iso") == "camera.iso"; childPath("", "name") == "name".
std::string childPath(const std::string& parent, const std::string& key);

}  // namespace facet
