// `facet collection create|add|cutout|accept|list|reference`: a shoot's folder from the command line.
#include "calibration/collection.hpp"
#include "cli/args.hpp"
#include "cli/command.hpp"
#include "pipeline/errors.hpp"
#include "profiles/profile_loader.hpp"

#include <fstream>
#include <iostream>

namespace facet::cli {

namespace {

const char* kCollectionUsage =
    "usage: facet collection create DIR [--name NAME] [--profile NAME] [--template T] [--relaxed]\n"
    "                                   [--store sqlite|json]\n"
    "       facet collection add DIR FILE --sku SKU [--checks CHECKS.json] [--settings SETTINGS.json]\n"
    "       facet collection cutout DIR ID CUTOUT [--report REPORT.json]\n"
    "       facet collection accept DIR ID --note TEXT\n"
    "       facet collection reference DIR PLATE.json\n"
    "       facet collection list DIR [--deliverable]\n\n"
    "A collection is a folder: manifest.json, reference/ (the clean plate), originals/ (each capture\n"
    "with a sidecar NAME.json of its settings, check results and cutout report), cutouts/ and\n"
    "deliverables/. Captures are named by the template (default {collection}_{sku}_{seq:04}.{ext};\n"
    "fields: collection, sku, seq, ext, date, time, profile). Collections are strict unless\n"
    "--relaxed: a capture that failed a check is held out of the deliverables until accepted.\n";

nlohmann::json readJsonFile(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw InputError(path + ": file not found");
    try {
        return nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& e) {
        throw InputError(path + ": not valid JSON (at byte " + std::to_string(e.byte) + ")");
    }
}

void printEntry(const CaptureEntry& e) {
    std::cout << e.id << "  " << captureStatusName(e.status);
    if (!e.failedChecks.empty()) {
        std::cout << " (failed:";
        for (const auto& c : e.failedChecks) std::cout << " " << c;
        std::cout << ")";
    }
    if (!e.note.empty()) std::cout << " note: " << e.note;
    std::cout << "\n    " << e.original << (e.cutout.empty() ? "" : "  ->  " + e.cutout) << "\n";
}

const std::string& folderArg(const Args& args, size_t count, const char* what) {
    if (args.positional().size() != count) throw UsageError(what);
    return args.positional()[1];
}

int create(const Args& args) {
    const std::string folder = folderArg(args, 2, "create takes one folder");
    CollectionManifest m;
    m.name = args.value("--name", "");
    m.namingTemplate = args.value("--template", "");
    m.strict = !args.flag("--relaxed");
    m.store = args.value("--store", "sqlite");
    if (m.store != "sqlite" && m.store != "json") throw UsageError("--store is sqlite or json");
    if (auto profile = args.value("--profile")) m.profile = loadProfile(*profile).name;   // must exist
    Collection c = Collection::create(folder, m);
    std::cout << "collection " << c.manifest().name << " in " << folder << " ("
              << (c.manifest().strict ? "strict" : "relaxed") << ", names " << c.manifest().namingTemplate << ")\n";
    return kOk;
}

int add(const Args& args) {
    if (args.positional().size() != 3) throw UsageError("add takes the collection folder and one capture file");
    auto sku = args.value("--sku");
    if (!sku) throw UsageError("--sku is required (the piece's stock number)");
    Collection c = Collection::open(args.positional()[1]);
    CaptureReport report;
    if (auto checks = args.value("--checks")) report.checks = readJsonFile(*checks);
    if (auto settings = args.value("--settings")) report.settings = readJsonFile(*settings);
    printEntry(c.addCapture(args.positional()[2], *sku, report));
    return kOk;
}

int cutout(const Args& args) {
    if (args.positional().size() != 4) throw UsageError("cutout takes the folder, the capture id and the cutout file");
    Collection c = Collection::open(args.positional()[1]);
    nlohmann::json report = nlohmann::json::object();
    if (auto r = args.value("--report")) report = readJsonFile(*r);
    printEntry(c.recordCutout(args.positional()[2], args.positional()[3], report));
    return kOk;
}

int accept(const Args& args) {
    if (args.positional().size() != 3) throw UsageError("accept takes the folder and the capture id");
    Collection c = Collection::open(args.positional()[1]);
    printEntry(c.accept(args.positional()[2], args.value("--note", "")));
    return kOk;
}

int reference(const Args& args) {
    if (args.positional().size() != 3) throw UsageError("reference takes the folder and a PLATE.json");
    Collection c = Collection::open(args.positional()[1]);
    c.setReference(args.positional()[2]);
    std::cout << "reference plate copied to " << c.path(c.manifest().reference) << "\n";
    return kOk;
}

int list(const Args& args) {
    Collection c = Collection::open(folderArg(args, 2, "list takes one folder"));
    const auto entries = args.flag("--deliverable") ? c.deliverables() : c.captures();
    for (const auto& e : entries) printEntry(e);
    int held = 0;
    for (const auto& e : c.captures()) held += e.status == CaptureStatus::Held;
    std::cout << entries.size() << " captures" << (held ? ", " + std::to_string(held) + " held" : "") << "\n";
    return kOk;
}

int runCollection(const std::vector<std::string>& argv) {
    Args args(argv, {"--name", "--profile", "--template", "--store", "--sku", "--checks", "--settings", "--report",
                     "--note"},
              {"--relaxed", "--deliverable"});
    if (args.positional().empty()) throw UsageError("which action? create, add, cutout, accept, reference or list");
    const std::string& action = args.positional()[0];
    if (action == "create") return create(args);
    if (action == "add") return add(args);
    if (action == "cutout") return cutout(args);
    if (action == "accept") return accept(args);
    if (action == "reference") return reference(args);
    if (action == "list") return list(args);
    throw UsageError("unknown action '" + action + "' (create, add, cutout, accept, reference, list)");
}

}  // namespace

static Registration reg{"collection", "a shoot's folder: captures, sidecars, cutouts, deliverables", runCollection,
                        kCollectionUsage};

}  // namespace facet::cli
