#pragma once
// Reads the fields of one TOML table with their types checked, remembering which keys it was
// asked for so that anything else in the table is reported as unknown, with a "did you mean".
#include "profiles/profile_document.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace facet {

class ProfileFields {
public:
    ProfileFields(const ProfileDocument& doc, const toml::table* table, std::string section,
                  std::vector<ProfileIssue>& issues);

    // Each reader leaves `out` untouched when the key is absent or wrong (and records an issue).
    void integer(const std::string& key, int& out, long min, long max);
    void number(const std::string& key, double& out, double min, double max);
    // A number in [min, max], or the text `word` (which sets `wordValue`):
    //   numberOrWord("front_light_in_backlit", k, 0, 1, "measure", -1)
    void numberOrWord(const std::string& key, double& out, double min, double max, const std::string& word,
                      double wordValue);
    void boolean(const std::string& key, bool& out);
    void text(const std::string& key, std::string& out);
    void textList(const std::string& key, std::vector<std::string>& out);
    // Text converted by `parse`; when it returns nullopt, `complaint` (with the value) is reported:
    //   choice("shutter", out, parseShutter, "is not a shutter speed (...)")
    template <typename T>
    void parsed(const std::string& key, T& out, const std::function<std::optional<T>(const std::string&)>& parse,
                const std::string& complaint) {
        std::string value;
        if (!readText(key, value)) return;
        if (auto v = parse(value)) out = *v;
        else fail(key, key + " '" + value + "' " + complaint);
    }
    // A sub-table; nullptr (and an issue when present with another type) otherwise.
    const toml::table* table(const std::string& key);
    const toml::array* array(const std::string& key);

    // Reports every key of the table nobody asked for.
    void rejectUnknown();

    std::string path(const std::string& key) const { return childPath(section_, key); }
    void fail(const std::string& key, std::string message);

private:
    const toml::node* node(const std::string& key);
    bool readText(const std::string& key, std::string& out);

    const ProfileDocument& doc_;
    const toml::table* table_;
    std::string section_;
    std::vector<ProfileIssue>& issues_;
    std::vector<std::string> known_;
};

// "whole number", "text", ... for messages about a wrong type.
std::string describeType(const toml::node& node);

}  // namespace facet
