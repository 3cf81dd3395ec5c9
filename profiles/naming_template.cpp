#include "profiles/naming_template.hpp"

#include "pipeline/errors.hpp"

#include <cctype>

namespace facet {

namespace {

struct Field {
    std::string name;
    int padWidth = 0;   // {seq:04} -> 4
};

// Parses the inside of {...}; throws for anything but name or name:0N.
Field parseField(const std::string& inside, const std::string& pattern) {
    Field f;
    auto colon = inside.find(':');
    f.name = inside.substr(0, colon);
    auto bad = [&](const std::string& why) {
        return InputError("naming template \"" + pattern + "\": {" + inside + "} " + why);
    };
    if (f.name.empty()) throw bad("has no field name");
    for (char c : f.name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') throw bad("is not a field name (letters, digits, _)");
    if (colon != std::string::npos) {
        std::string spec = inside.substr(colon + 1);
        bool ok = spec.size() >= 2 && spec.size() <= 3 && spec[0] == '0';
        for (size_t i = 1; ok && i < spec.size(); ++i) ok = std::isdigit(static_cast<unsigned char>(spec[i]));
        if (!ok) throw bad("has an unknown format (only :0N, zero-padding to N digits, e.g. {seq:04})");
        f.padWidth = std::stoi(spec.substr(1));
    }
    return f;
}

std::string safeForFileName(const std::string& value) {
    std::string out;
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        out += (c == '/' || c == '\\' || c == ':' || u < 0x20 || u == 0x7f) ? '-' : c;
    }
    return out;
}

// Walks the pattern, calling onText for literal text and onField for each field.
template <typename OnText, typename OnField>
void walk(const std::string& pattern, OnText onText, OnField onField) {
    for (size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '{' && i + 1 < pattern.size() && pattern[i + 1] == '{') {
            onText('{');
            ++i;
        } else if (c == '}' && i + 1 < pattern.size() && pattern[i + 1] == '}') {
            onText('}');
            ++i;
        } else if (c == '{') {
            auto close = pattern.find('}', i);
            if (close == std::string::npos)
                throw InputError("naming template \"" + pattern + "\": a '{' is never closed");
            onField(parseField(pattern.substr(i + 1, close - i - 1), pattern));
            i = close;
        } else if (c == '}') {
            throw InputError("naming template \"" + pattern + "\": a '}' without its '{' (write '}}' for a brace)");
        } else {
            onText(c);
        }
    }
}

}  // namespace

std::vector<std::string> namingTemplateFields(const std::string& pattern) {
    std::vector<std::string> names;
    walk(pattern, [](char) {}, [&](const Field& f) { names.push_back(f.name); });
    return names;
}

std::string expandNamingTemplate(const std::string& pattern, const NamingFields& fields) {
    std::string out;
    walk(pattern, [&](char c) { out += c; },
         [&](const Field& f) {
             auto it = fields.find(f.name);
             if (it == fields.end() || it->second.empty())
                 throw InputError("naming template \"" + pattern + "\": no value for {" + f.name + "}");
             std::string value = safeForFileName(it->second);
             if (f.padWidth > 0) {
                 bool digits = !value.empty();
                 for (char c : value) digits = digits && std::isdigit(static_cast<unsigned char>(c));
                 if (!digits)
                     throw InputError("naming template \"" + pattern + "\": {" + f.name + "} is padded with zeros "
                                      "but its value '" + value + "' is not a whole number");
                 if (static_cast<int>(value.size()) < f.padWidth)
                     value = std::string(f.padWidth - value.size(), '0') + value;
             }
             out += value;
         });
    if (pattern.find('/') == std::string::npos) {
        while (!out.empty() && out.front() == '.') out.erase(out.begin());
    }
    if (out.empty() || out == "." || out == "..")
        throw InputError("naming template \"" + pattern + "\" gives no usable file name");
    return out;
}

}  // namespace facet
