#pragma once
// The `facet` subcommands. Each lives in its own cli/cmd_<name>.cpp and registers itself:
//
//   static facet::cli::Registration reg{"cutout", "cut a piece out of a shot", runCutout, usageText};
//
// main.cpp dispatches; no central list to edit when a command is added.
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace facet::cli {

// Exit codes shared by every command.
enum ExitCode : int {
    kOk = 0,
    kFailed = 1,       // the work failed (bad input file, camera gone, ...)
    kUsage = 2,        // the command line itself is wrong
};

struct Command {
    std::string name;
    std::string summary;  // one line for `facet help`
    std::function<int(const std::vector<std::string>& args)> run;
    std::string usage;    // full help text for `facet help NAME` / `facet NAME --help`
};

std::map<std::string, Command>& commands();

struct Registration {
    Registration(std::string name, std::string summary,
                 std::function<int(const std::vector<std::string>&)> run, std::string usage);
};

}  // namespace facet::cli
