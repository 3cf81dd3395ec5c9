// `facet`: the command-line face of the station. With no subcommand it opens the station
// window (when built with the GUI); otherwise it runs one subcommand and exits.
#include "cli/args.hpp"
#include "cli/command.hpp"
#include "pipeline/errors.hpp"
#include "pipeline/frame_memory.hpp"

#include <opencv2/core/utility.hpp>

#include <iostream>

namespace facet::cli {

std::map<std::string, Command>& commands() {
    static std::map<std::string, Command> all;
    return all;
}

Registration::Registration(std::string name, std::string summary,
                           std::function<int(const std::vector<std::string>&)> run, std::string usage) {
    commands()[name] = Command{name, std::move(summary), std::move(run), std::move(usage)};
}

namespace {

void printOverview() {
    std::cout << "Facet: a tethered studio station for jewelry photography.\n\n"
                 "usage: facet                 open the station window\n"
                 "       facet COMMAND [ARGS]  run one command\n\n"
                 "commands:\n";
    for (const auto& [name, cmd] : commands()) {
        std::cout << "  " << name;
        for (size_t i = name.size(); i < 12; ++i) std::cout << ' ';
        std::cout << cmd.summary << "\n";
    }
    std::cout << "\n'facet help COMMAND' shows a command's options.\n";
}

}  // namespace
}  // namespace facet::cli

int main(int argc, char** argv) {
    using namespace facet::cli;
    facet::reuseFreedFrameMemory();
    std::vector<std::string> args(argv + 1, argv + argc);
    // `facet` alone, or `facet --camera sim ...`, opens the station with those options.
    std::string name = "station";
    const bool stationOptions = !args.empty() && args[0].size() > 1 && args[0][0] == '-' && args[0] != "--help" &&
                                args[0] != "-h";
    if (!args.empty() && !stationOptions) {
        name = args[0];
        args.erase(args.begin());
    }

    if (name == "help" || name == "--help" || name == "-h") {
        if (!args.empty() && commands().count(args[0])) {
            std::cout << commands()[args[0]].usage;
            return kOk;
        }
        printOverview();
        return kOk;
    }
    auto it = commands().find(name);
    if (it == commands().end()) {
        if (name == "station")
            std::cerr << "facet: this build has no station window; run 'facet help' for the commands\n";
        else
            std::cerr << "facet: unknown command '" << name << "'; run 'facet help' for the list\n";
        return kUsage;
    }
    for (const auto& a : args)
        if (a == "--help" || a == "-h") {
            std::cout << it->second.usage;
            return kOk;
        }
    try {
        return it->second.run(args);
    } catch (const UsageError& e) {
        std::cerr << "facet " << name << ": " << e.what() << "\n\n" << it->second.usage;
        return kUsage;
    } catch (const facet::InputError& e) {
        std::cerr << "facet " << name << ": " << e.what() << "\n";
        return kFailed;
    } catch (const facet::OutputError& e) {
        std::cerr << "facet " << name << ": " << e.what() << "\n";
        return kFailed;
    } catch (const cv::Exception& e) {
        std::cerr << "facet " << name << ": image processing failed: " << e.err << "\n";
        return kFailed;
    } catch (const std::exception& e) {
        std::cerr << "facet " << name << ": " << e.what() << "\n";
        return kFailed;
    }
}
