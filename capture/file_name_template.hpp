#pragma once
// Capture file names from a template the studio chooses, e.g. "{collection}_{sku}_{seq:04}.{ext}"
// -> "spring-rings_R1042_0007.jpg".
//
// Fields: {collection} {sku} {seq} {seq:0N} (zero-padded to N digits) {ext} (lower case)
// {camera_name} (the camera's own file stem, "IMG_0042") {profile} {date} {time}. The syntax is
// profiles/naming_template.hpp's (shared with the collections' files); this adds the checks a
// capture needs: a {seq} so no two captures collide, a plain file name, known fields only.
// Values are made safe for file names.
#include <cstdint>
#include <string>

namespace facet::capture {

struct FileNameFields {
    std::string collection;
    std::string sku;
    uint64_t sequence = 0;
    std::string extension;     // without the dot
    std::string cameraName;    // the camera's stem
    std::string profile;
};

class FileNameTemplate {
public:
    // Throws InputError naming the bad field (unknown name, unclosed brace, no {seq}).
    explicit FileNameTemplate(std::string pattern);
    std::string format(const FileNameFields& fields) const;
    const std::string& pattern() const { return pattern_; }

private:
    std::string pattern_;
};

// Letters, digits, '-', '_' and '.' kept; anything else (slashes, spaces) becomes '-'.
std::string safeForFileName(const std::string& text);

}  // namespace facet::capture
