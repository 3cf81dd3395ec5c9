#include "profiles/profile_fields.hpp"

#include "profiles/did_you_mean.hpp"

#include <cmath>
#include <sstream>

namespace facet {

std::string describeType(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::table: return "a table";
        case toml::node_type::array: return "a list";
        case toml::node_type::string: return "text \"" + node.as_string()->get() + "\"";
        case toml::node_type::integer: return "the whole number " + std::to_string(node.as_integer()->get());
        case toml::node_type::floating_point: {
            std::ostringstream o;
            o << "the number " << node.as_floating_point()->get();
            return o.str();
        }
        case toml::node_type::boolean: return node.as_boolean()->get() ? "true" : "false";
        case toml::node_type::date: return "a date";
        case toml::node_type::time: return "a time";
        case toml::node_type::date_time: return "a date and time";
        default: return "nothing";
    }
}

ProfileFields::ProfileFields(const ProfileDocument& doc, const toml::table* table, std::string section,
                             std::vector<ProfileIssue>& issues)
    : doc_(doc), table_(table), section_(std::move(section)), issues_(issues) {}

void ProfileFields::fail(const std::string& key, std::string message) {
    issues_.push_back(doc_.issue(path(key), std::move(message)));
}

const toml::node* ProfileFields::node(const std::string& key) {
    known_.push_back(key);
    return table_ ? table_->get(key) : nullptr;
}

void ProfileFields::integer(const std::string& key, int& out, long min, long max) {
    const toml::node* n = node(key);
    if (!n) return;
    const auto* v = n->as_integer();
    if (!v) return fail(key, key + " must be a whole number, not " + describeType(*n));
    if (v->get() < min || v->get() > max)
        return fail(key, key + " " + std::to_string(v->get()) + " is out of range (" + std::to_string(min) +
                             " to " + std::to_string(max) + ")");
    out = static_cast<int>(v->get());
}

void ProfileFields::number(const std::string& key, double& out, double min, double max) {
    const toml::node* n = node(key);
    if (!n) return;
    if (!n->is_integer() && !n->is_floating_point())
        return fail(key, key + " must be a number, not " + describeType(*n));
    const double v = n->is_integer() ? static_cast<double>(n->as_integer()->get()) : n->as_floating_point()->get();
    if (!std::isfinite(v) || v < min || v > max) {
        std::ostringstream o;
        o << key << " " << v << " is out of range (" << min << " to " << max << ")";
        return fail(key, o.str());
    }
    out = v;
}

void ProfileFields::numberOrWord(const std::string& key, double& out, double min, double max,
                                 const std::string& word, double wordValue) {
    const toml::node* n = table_ ? table_->get(key) : nullptr;
    if (!n || !n->is_string()) return number(key, out, min, max);  // absent, or read as any number
    known_.push_back(key);
    if (n->as_string()->get() == word) {
        out = wordValue;
        return;
    }
    std::ostringstream o;
    o << key << " must be \"" << word << "\" or a number from " << min << " to " << max << ", not " << describeType(*n);
    fail(key, o.str());
}

void ProfileFields::boolean(const std::string& key, bool& out) {
    const toml::node* n = node(key);
    if (!n) return;
    if (const auto* v = n->as_boolean()) out = v->get();
    else fail(key, key + " must be true or false, not " + describeType(*n));
}

bool ProfileFields::readText(const std::string& key, std::string& out) {
    const toml::node* n = node(key);
    if (!n) return false;
    if (const auto* v = n->as_string()) {
        out = v->get();
        return true;
    }
    fail(key, key + " must be text (in quotes), not " + describeType(*n));
    return false;
}

void ProfileFields::text(const std::string& key, std::string& out) { readText(key, out); }

void ProfileFields::textList(const std::string& key, std::vector<std::string>& out) {
    const toml::node* n = node(key);
    if (!n) return;
    const auto* a = n->as_array();
    if (!a) return fail(key, key + " must be a list of text, such as [\"...\", \"...\"], not " + describeType(*n));
    std::vector<std::string> values;
    for (size_t i = 0; i < a->size(); ++i) {
        const auto* s = a->get(i)->as_string();
        if (!s) {
            issues_.push_back(doc_.issue(path(key) + "[" + std::to_string(i) + "]",
                                         key + " item " + std::to_string(i + 1) + " must be text, not " +
                                             describeType(*a->get(i))));
            return;
        }
        values.push_back(s->get());
    }
    out = std::move(values);
}

const toml::table* ProfileFields::table(const std::string& key) {
    const toml::node* n = node(key);
    if (!n) return nullptr;
    if (const auto* t = n->as_table()) return t;
    fail(key, key + " must be a table ([" + path(key) + "]), not " + describeType(*n));
    return nullptr;
}

const toml::array* ProfileFields::array(const std::string& key) {
    const toml::node* n = node(key);
    if (!n) return nullptr;
    if (const auto* a = n->as_array()) return a;
    fail(key, key + " must be a list of tables ([[" + path(key) + "]]), not " + describeType(*n));
    return nullptr;
}

void ProfileFields::rejectUnknown() {
    if (!table_) return;
    for (const auto& [k, value] : *table_) {
        std::string key(k.str());
        if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
        std::string where = section_.empty() ? "at the top of the file" : "in [" + section_ + "]";
        std::string message = "unknown field '" + key + "' " + where;
        if (std::string guess = closestName(key, known_); !guess.empty()) message += "; did you mean '" + guess + "'?";
        else message += " (known: " + [&] {
            std::string all;
            for (const auto& n : known_) all += (all.empty() ? "" : ", ") + n;
            return all;
        }() + ")";
        fail(key, message);
    }
}

}  // namespace facet
