// `facet profile list|show|validate|migrate`: the capture profiles from the command line.
#include "cli/args.hpp"
#include "cli/command.hpp"
#include "pipeline/atomic_file.hpp"
#include "pipeline/errors.hpp"
#include "profiles/profile_error.hpp"
#include "profiles/profile_loader.hpp"
#include "profiles/profile_writer.hpp"

#include <iostream>

namespace facet::cli {

namespace {

const char* kProfileUsage =
    "usage: facet profile list\n"
    "       facet profile show NAME|FILE\n"
    "       facet profile validate NAME|FILE...\n"
    "       facet profile migrate FILE [--out FILE]\n\n"
    "Capture profiles are TOML files found in the current folder, ~/.config/facet/profiles and\n"
    "the shipped profiles folder (in that order). A profile can build on another with\n"
    "`extends = \"black-velvet\"` and change only a few fields.\n\n"
    "  list      every profile found, where it lives, and which ones a same-named file hides\n"
    "  show      the profile as loaded (extends and migration applied), as version-2 TOML\n"
    "  validate  checks each file; prints every problem as FILE:LINE: message; exit 1 on any\n"
    "  migrate   rewrites an older (version 1) file in the current layout; --out writes\n"
    "            elsewhere (default: print it)\n";

int list(const Args&) {
    const auto library = ProfileLibrary::standard();
    for (const auto& entry : library.list()) {
        std::string title;
        try {
            title = loadProfileFile(entry.path, library).title;
        } catch (const InputError&) {
            title = "(does not load: run 'facet profile validate " + entry.path + "')";
        }
        std::cout << entry.name << (entry.shadowed ? " (hidden by an earlier file)" : "") << "\n    " << title
                  << "\n    " << entry.path << "\n";
    }
    return kOk;
}

int show(const Args& args) {
    if (args.positional().size() != 2) throw UsageError("show takes one profile name or file");
    Profile p = loadProfile(args.positional()[1]);
    std::cout << "# " << p.sourcePath << (p.extends.empty() ? "" : " (extends " + p.extends + ")") << "\n"
              << profileToToml(p);
    for (const auto& w : p.warnings) std::cerr << "warning: " << w << "\n";
    return kOk;
}

int validate(const Args& args) {
    if (args.positional().size() < 2) throw UsageError("validate takes one or more profile names or files");
    int failed = 0;
    for (size_t i = 1; i < args.positional().size(); ++i) {
        const std::string& what = args.positional()[i];
        try {
            Profile p = loadProfile(what);
            std::cout << p.sourcePath << ": ok (" << p.name << ", version " << p.version << ")\n";
            for (const auto& w : p.warnings) std::cout << "  warning: " << w << "\n";
        } catch (const ProfileError& e) {
            ++failed;
            for (const auto& issue : e.issues) std::cerr << issue.text() << "\n";
        } catch (const InputError& e) {
            ++failed;
            std::cerr << e.what() << "\n";
        }
    }
    return failed ? kFailed : kOk;
}

int migrate(const Args& args) {
    if (args.positional().size() != 2) throw UsageError("migrate takes one profile file");
    const std::string path = args.positional()[1];
    Profile p = loadProfileFile(path);
    const std::string text = profileToToml(p);
    if (auto out = args.value("--out")) {
        writeBytesAtomically(*out, text);
        std::cout << "wrote " << *out << " (version " << kProfileVersion << ")\n";
    } else {
        std::cout << text;
    }
    return kOk;
}

int runProfile(const std::vector<std::string>& argv) {
    Args args(argv, {"--out"});
    if (args.positional().empty()) throw UsageError("which action? list, show, validate or migrate");
    const std::string& action = args.positional()[0];
    if (action == "list") return list(args);
    if (action == "show") return show(args);
    if (action == "validate") return validate(args);
    if (action == "migrate") return migrate(args);
    throw UsageError("unknown action '" + action + "' (list, show, validate, migrate)");
}

}  // namespace

static Registration reg{"profile", "list, show and validate capture profiles", runProfile, kProfileUsage};

}  // namespace facet::cli
