#include "gui/station_script.hpp"

#include "gui/station_types.hpp"
#include "pipeline/errors.hpp"

#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

namespace facet::station {

namespace {

struct Arity {
    int min, max;  // max -1: any
};

const std::map<std::string, Arity>& verbs() {
    static const std::map<std::string, Arity> all = {
        {"overlay", {2, 2}},     {"capture", {0, 0}},   {"plate", {0, 0}},       {"wait-live", {0, 0}},
        {"wait-frames", {1, 1}}, {"wait-cutout", {0, 0}}, {"wait-plate", {0, 0}}, {"wait-check", {2, -1}}, {"inspect", {0, 0}},    {"live", {0, 0}},
        {"zoom", {1, 1}},        {"pan", {2, 2}},       {"region", {1, 1}},      {"background", {1, 1}},
        {"before-after", {1, 1}}, {"confidence", {1, 1}}, {"simulate", {1, -1}}, {"profile", {1, 1}},
        {"setting", {2, -1}},    {"accept", {0, 0}},    {"reject", {0, 0}},      {"strict", {1, 1}},
        {"screenshot", {1, 1}},  {"state", {1, 1}},     {"quit", {0, 0}},
    };
    return all;
}

bool isNumber(const std::string& s) {
    if (s.empty()) return false;
    char* end = nullptr;
    std::strtod(s.c_str(), &end);
    return end && *end == '\0';
}

// A comment is a '#' opening the line or standing alone after a blank ("capture  # Space"),
// so colours like #FF8800 stay arguments.
void stripComment(std::string& line) {
    for (size_t i = 0; i < line.size(); ++i) {
        if (line[i] != '#') continue;
        const bool opensLine = line.find_first_not_of(" \t") == i;
        const bool alone = i > 0 && std::isspace(static_cast<unsigned char>(line[i - 1])) &&
                           (i + 1 == line.size() || std::isspace(static_cast<unsigned char>(line[i + 1])));
        if (opensLine || alone) {
            line.erase(i);
            return;
        }
    }
}

}  // namespace

std::vector<ScriptAction> parseScript(const std::string& text, const std::string& fileName) {
    std::vector<ScriptAction> actions;
    std::istringstream in(text);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        stripComment(line);
        std::istringstream words(line);
        ScriptAction a;
        a.line = number;
        if (!(words >> a.verb)) continue;
        for (std::string w; words >> w;) a.args.push_back(w);
        auto where = [&] { return fileName + ":" + std::to_string(number) + ": "; };
        auto it = verbs().find(a.verb);
        if (it == verbs().end())
            throw InputError(where() + "unknown action '" + a.verb + "' (see docs/station.md for the list)");
        const int n = int(a.args.size());
        if (n < it->second.min || (it->second.max >= 0 && n > it->second.max))
            throw InputError(where() + "'" + a.verb + "' takes " + std::to_string(it->second.min) +
                             (it->second.max == it->second.min ? "" : "+") + " argument(s), got " + std::to_string(n));
        auto onOff = [&](const std::string& v) {
            if (v != "on" && v != "off") throw InputError(where() + "'" + a.verb + "' wants on or off, got '" + v + "'");
        };
        if (a.verb == "overlay") {
            if (!overlayNamed(a.args[0]))
                throw InputError(where() + "unknown overlay '" + a.args[0] + "' (matte, peaking, zebra, edges, thin, grid)");
            onOff(a.args[1]);
        } else if (a.verb == "before-after" || a.verb == "confidence" || a.verb == "strict") {
            onOff(a.args[0]);
        } else if (a.verb == "wait-frames" || a.verb == "zoom" || a.verb == "region" || a.verb == "pan") {
            for (const auto& v : a.args)
                if (!isNumber(v)) throw InputError(where() + "'" + a.verb + "' wants a number, got '" + v + "'");
            if (a.verb == "zoom" && (std::stod(a.args[0]) < 25 || std::stod(a.args[0]) > 800))
                throw InputError(where() + "zoom " + a.args[0] + " % is outside 25..800");
        } else if (a.verb == "wait-check") {
            if (a.args[0] != "warn" && a.args[0] != "fail")
                throw InputError(where() + "wait-check wants warn or fail first, got '" + a.args[0] + "'");
        } else if (a.verb == "background") {
            const auto& v = a.args[0];
            const bool colour = v.size() == 7 && v[0] == '#' && v.find_first_not_of("0123456789abcdefABCDEF", 1) == std::string::npos;
            if (v != "checker" && v != "white" && v != "black" && !colour)
                throw InputError(where() + "background wants checker, white, black or #RRGGBB, got '" + v + "'");
        }
        actions.push_back(std::move(a));
    }
    return actions;
}

std::vector<ScriptAction> loadScript(const std::string& path) {
    std::ifstream f(path);
    if (!f) throw InputError("cannot read the script " + path + ": check the path");
    std::stringstream text;
    text << f.rdbuf();
    return parseScript(text.str(), path);
}

}  // namespace facet::station
