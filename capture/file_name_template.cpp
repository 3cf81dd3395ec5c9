#include "capture/file_name_template.hpp"

#include "pipeline/errors.hpp"
#include "profiles/naming_template.hpp"

#include <ctime>
#include <set>

#include <cctype>

namespace facet::capture {

std::string safeForFileName(const std::string& text) {
    std::string out;
    for (unsigned char c : text) out += (std::isalnum(c) || c == '-' || c == '_' || c == '.') ? char(c) : '-';
    if (out.empty() || out == "." || out == "..") out = "unnamed";
    return out;
}

namespace {

const std::set<std::string>& knownFields() {
    static const std::set<std::string> names = {"collection", "sku", "seq", "ext", "camera_name", "profile", "date", "time"};
    return names;
}

}  // namespace

FileNameTemplate::FileNameTemplate(std::string pattern) : pattern_(std::move(pattern)) {
    // A '{' opened again before it is closed is an unclosed field, not a field named "seq.{ext".
    for (size_t open = pattern_.find('{'); open != std::string::npos; open = pattern_.find('{', open + 1)) {
        if (open + 1 < pattern_.size() && pattern_[open + 1] == '{') {
            ++open;  // "{{" is a literal brace
            continue;
        }
        size_t close = pattern_.find('}', open);
        size_t nested = pattern_.find('{', open + 1);
        if (close == std::string::npos || (nested != std::string::npos && nested < close))
            throw InputError("file name template '" + pattern_ + "': a '{' is never closed");
    }
    // The syntax is the one collections use for their files too (profiles/naming_template.hpp).
    bool hasSeq = false;
    for (const auto& field : namingTemplateFields(pattern_)) {
        if (!knownFields().count(field))
            throw InputError("file name template '" + pattern_ + "': unknown field {" + field +
                             "} (use {collection}, {sku}, {seq:04}, {ext}, {camera_name}, {profile}, {date}, {time})");
        hasSeq = hasSeq || field == "seq";
    }
    if (!hasSeq)
        throw InputError("file name template '" + pattern_ + "' has no {seq}: two captures would get the same name");
    if (pattern_.find('/') != std::string::npos)
        throw InputError("file name template '" + pattern_ + "' must be a file name, not a path");
}

std::string FileNameTemplate::format(const FileNameFields& f) const {
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char date[16], time[16];
    std::strftime(date, sizeof date, "%Y%m%d", &local);
    std::strftime(time, sizeof time, "%H%M%S", &local);
    NamingFields fields = {
        {"collection", safeForFileName(f.collection)},
        {"sku", safeForFileName(f.sku)},
        {"seq", std::to_string(f.sequence)},
        {"ext", safeForFileName(f.extension)},
        {"camera_name", f.cameraName.empty() ? "" : safeForFileName(f.cameraName)},
        {"profile", f.profile.empty() ? "" : safeForFileName(f.profile)},
        {"date", date},
        {"time", time},
    };
    return expandNamingTemplate(pattern_, fields);
}

}  // namespace facet::capture
