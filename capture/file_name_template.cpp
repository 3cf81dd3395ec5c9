#include "capture/file_name_template.hpp"

#include "pipeline/errors.hpp"

#include <cctype>
#include <cstdio>

namespace facet::capture {

std::string safeForFileName(const std::string& text) {
    std::string out;
    for (unsigned char c : text) out += (std::isalnum(c) || c == '-' || c == '_' || c == '.') ? char(c) : '-';
    if (out.empty() || out == "." || out == "..") out = "unnamed";
    return out;
}

namespace {

// Calls onText / onField for each piece of the pattern; throws on malformed fields.
template <class Text, class Field>
void walk(const std::string& pattern, Text onText, Field onField) {
    size_t at = 0;
    while (at < pattern.size()) {
        size_t open = pattern.find('{', at);
        if (open == std::string::npos) {
            onText(pattern.substr(at));
            return;
        }
        onText(pattern.substr(at, open - at));
        size_t close = pattern.find('}', open);
        if (close == std::string::npos)
            throw InputError("file name template '" + pattern + "': a '{' is never closed");
        onField(pattern.substr(open + 1, close - open - 1));
        at = close + 1;
    }
}

int seqWidth(const std::string& field, const std::string& pattern) {
    if (field == "seq") return 0;
    if (field.rfind("seq:", 0) == 0) {
        std::string w = field.substr(4);
        if (!w.empty() && w.size() <= 2 && std::isdigit(static_cast<unsigned char>(w[0])) &&
            std::isdigit(static_cast<unsigned char>(w.back())))
            return std::stoi(w);
        throw InputError("file name template '" + pattern + "': {" + field + "} should be like {seq:04}");
    }
    return -1;
}

}  // namespace

FileNameTemplate::FileNameTemplate(std::string pattern) : pattern_(std::move(pattern)) {
    bool hasSeq = false;
    walk(
        pattern_, [](const std::string&) {},
        [&](const std::string& field) {
            if (seqWidth(field, pattern_) >= 0) {
                hasSeq = true;
                return;
            }
            if (field == "collection" || field == "sku" || field == "ext" || field == "camera_name") return;
            throw InputError("file name template '" + pattern_ + "': unknown field {" + field +
                             "} (use {collection}, {sku}, {seq:04}, {ext}, {camera_name})");
        });
    if (!hasSeq)
        throw InputError("file name template '" + pattern_ + "' has no {seq}: two captures would get the same name");
    if (pattern_.find('/') != std::string::npos)
        throw InputError("file name template '" + pattern_ + "' must be a file name, not a path");
}

std::string FileNameTemplate::format(const FileNameFields& f) const {
    std::string out;
    walk(
        pattern_, [&](const std::string& text) { out += text; },
        [&](const std::string& field) {
            int width = seqWidth(field, pattern_);
            if (width >= 0) {
                char buf[32];
                std::snprintf(buf, sizeof buf, "%0*llu", width, static_cast<unsigned long long>(f.sequence));
                out += buf;
            } else if (field == "collection") {
                out += safeForFileName(f.collection);
            } else if (field == "sku") {
                out += safeForFileName(f.sku);
            } else if (field == "ext") {
                out += safeForFileName(f.extension);
            } else if (field == "camera_name") {
                out += safeForFileName(f.cameraName);
            }
        });
    return out;
}

}  // namespace facet::capture
