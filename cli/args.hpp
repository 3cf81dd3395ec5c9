#pragma once
// A small, strict command-line reader: options are declared up front so a typo is an error
// ("unknown option --plat") instead of being silently ignored.
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>
#include <map>

namespace facet::cli {

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Args {
public:
    // valueOptions take a value (--plate FILE or --plate=FILE); flags do not.
    Args(const std::vector<std::string>& argv, std::set<std::string> valueOptions,
         std::set<std::string> flags = {});

    const std::vector<std::string>& positional() const { return positional_; }
    std::optional<std::string> value(const std::string& name) const;
    std::string value(const std::string& name, const std::string& fallback) const;
    std::vector<std::string> values(const std::string& name) const;  // repeated options
    bool flag(const std::string& name) const { return flags_.count(name) > 0; }
    double number(const std::string& name, double fallback) const;

private:
    std::vector<std::string> positional_;
    std::multimap<std::string, std::string> values_;
    std::set<std::string> flags_;
};

}  // namespace facet::cli
