#include "profiles/profile_document.hpp"

#include "profiles/toml_text_check.hpp"

#include <sstream>

namespace facet {

std::string ProfileIssue::text() const {
    std::string out = file;
    if (line > 0) out += ":" + std::to_string(line);
    return out + ": " + message;
}

namespace {

std::string joinIssues(const std::vector<ProfileIssue>& issues) {
    std::string out;
    for (const auto& i : issues) out += (out.empty() ? "" : "\n") + i.text();
    return out;
}

void recordLocations(const toml::node& node, const std::string& path, const std::string& file,
                     std::map<std::string, FieldLocation>& where) {
    where[path] = FieldLocation{file, static_cast<int>(node.source().begin.line)};
    if (const auto* t = node.as_table()) {
        for (const auto& [key, child] : *t) recordLocations(child, childPath(path, std::string(key.str())), file, where);
    } else if (const auto* a = node.as_array()) {
        for (size_t i = 0; i < a->size(); ++i)
            recordLocations(*a->get(i), path + "[" + std::to_string(i) + "]", file, where);
    }
}

// Puts back the characters makeTomlTextSafe swapped, in every string value and key.
void restoreSwappedCharacters(toml::node& node, const SafeTomlText& safe) {
    if (auto* s = node.as_string()) {
        *s = safe.restored(s->get());
    } else if (auto* a = node.as_array()) {
        for (auto& child : *a) restoreSwappedCharacters(child, safe);
    } else if (auto* t = node.as_table()) {
        std::vector<std::string> renamed;
        for (auto& [key, child] : *t) {
            restoreSwappedCharacters(child, safe);
            if (safe.restored(std::string(key.str())) != key.str()) renamed.emplace_back(key.str());
        }
        for (const auto& key : renamed) {
            auto it = t->find(key);
            toml::key restoredKey(safe.restored(key), it->first.source());
            t->insert_or_assign(std::move(restoredKey), std::move(it->second));
            t->erase(key);
        }
    }
}

}  // namespace

ProfileError::ProfileError(std::vector<ProfileIssue> found)
    : InputError(joinIssues(found)), issues(std::move(found)) {}

std::string childPath(const std::string& parent, const std::string& key) {
    return parent.empty() ? key : parent + "." + key;
}

FieldLocation ProfileDocument::locate(const std::string& field) const {
    std::string path = field;
    while (!path.empty()) {
        if (auto it = where.find(path); it != where.end() && it->second.line > 0) return it->second;
        // Walk up: "export[0].format" -> "export[0]" -> "export".
        auto cut = path.find_last_of(".[");
        path = cut == std::string::npos ? "" : path.substr(0, cut);
    }
    return FieldLocation{file, 0};
}

ProfileIssue ProfileDocument::issue(const std::string& field, std::string message) const {
    FieldLocation at = locate(field);
    return ProfileIssue{at.file, at.line, field, std::move(message)};
}

ProfileDocument parseProfileDocument(std::string_view text, const std::string& file) {
    ProfileDocument doc;
    doc.file = file;
    checkTomlText(text, file);
    const SafeTomlText safe = makeTomlTextSafe(text);
    try {
        doc.table = toml::parse(safe.text, file);
    } catch (const toml::parse_error& e) {
        throw ProfileError({ProfileIssue{file, static_cast<int>(e.source().begin.line), "",
                                         "not valid TOML: " + safe.restored(std::string(e.description()))}});
    }
    if (!safe.restore.empty()) restoreSwappedCharacters(doc.table, safe);
    for (const auto& [key, child] : doc.table)
        recordLocations(child, std::string(key.str()), file, doc.where);
    return doc;
}

}  // namespace facet
