#include "cli/args.hpp"

namespace facet::cli {

Args::Args(const std::vector<std::string>& argv, std::set<std::string> valueOptions,
           std::set<std::string> flags) {
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.size() < 2 || a[0] != '-' || a == "-") {
            positional_.push_back(a);
            continue;
        }
        std::string name = a, inlineValue;
        bool hasInline = false;
        if (auto eq = a.find('='); eq != std::string::npos) {
            name = a.substr(0, eq);
            inlineValue = a.substr(eq + 1);
            hasInline = true;
        }
        if (valueOptions.count(name)) {
            if (hasInline) {
                values_.emplace(name, inlineValue);
            } else {
                if (i + 1 >= argv.size()) throw UsageError("option " + name + " needs a value");
                values_.emplace(name, argv[++i]);
            }
        } else if (flags.count(name) && !hasInline) {
            flags_.insert(name);
        } else {
            throw UsageError("unknown option " + name);
        }
    }
}

std::optional<std::string> Args::value(const std::string& name) const {
    auto range = values_.equal_range(name);
    if (range.first == range.second) return std::nullopt;
    return std::prev(range.second)->second;  // last one wins, as in most tools
}

std::string Args::value(const std::string& name, const std::string& fallback) const {
    return value(name).value_or(fallback);
}

std::vector<std::string> Args::values(const std::string& name) const {
    std::vector<std::string> out;
    auto range = values_.equal_range(name);
    for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
    return out;
}

double Args::number(const std::string& name, double fallback) const {
    auto v = value(name);
    if (!v) return fallback;
    try {
        size_t used = 0;
        double d = std::stod(*v, &used);
        if (used != v->size()) throw std::invalid_argument(*v);
        return d;
    } catch (const std::exception&) {
        throw UsageError("option " + name + " expects a number, got '" + *v + "'");
    }
}

}  // namespace facet::cli
