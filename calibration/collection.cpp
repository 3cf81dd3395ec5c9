#include "calibration/collection.hpp"

#include "calibration/calibration_files.hpp"
#include "calibration/clean_plate.hpp"
#include "pipeline/atomic_file.hpp"
#include "pipeline/errors.hpp"
#include "profiles/naming_template.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace facet {

namespace fs = std::filesystem;

namespace {

const char* kManifest = "manifest.json";

nlohmann::json manifestJson(const CollectionManifest& m) {
    return nlohmann::json{{"kind", "collection"},   {"name", m.name},
                          {"profile", m.profile},   {"naming_template", m.namingTemplate},
                          {"strict", m.strict},     {"store", m.store},
                          {"reference", m.reference}, {"created_at", utcTimestamp(m.createdAtUnix)},
                          {"created_at_unix", m.createdAtUnix}};
}

std::unique_ptr<CollectionStore> openStore(const std::string& folder, const std::string& kind) {
    if (kind == "sqlite") return openSqliteCollectionStore((fs::path(folder) / "collection.db").string());
    if (kind == "json") return openJsonCollectionStore((fs::path(folder) / "captures.json").string());
    throw InputError(folder + "/" + kManifest + ": unknown store '" + kind + "' (sqlite or json)");
}

std::string readWhole(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot be read");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void copyAtomically(const std::string& from, const std::string& to) {
    std::error_code ec;
    if (!fs::is_regular_file(from, ec)) throw InputError(from + ": file not found");
    writeAtomically(to, [&](const std::string& tmp) {
        if (!fs::copy_file(from, tmp, fs::copy_options::overwrite_existing, ec))
            throw OutputError("cannot copy " + from + " to " + to + ": " + ec.message());
    });
}

std::string lowerExtension(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    if (!ext.empty()) ext.erase(0, 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext;
}

std::vector<std::string> failedChecks(const nlohmann::json& checks, const std::string& file) {
    if (!checks.is_array()) throw InputError(file + ": check results must be a list of {name, passed}");
    std::vector<std::string> failed;
    for (const auto& c : checks) {
        if (!c.is_object() || !c.contains("name") || !c.contains("passed") || !c["passed"].is_boolean())
            throw InputError(file + ": each check result needs \"name\" and \"passed\": true|false");
        if (!c["passed"].get<bool>()) failed.push_back(c["name"].get<std::string>());
    }
    return failed;
}

}  // namespace

Collection::Collection(std::string folder, CollectionManifest manifest, std::unique_ptr<CollectionStore> store)
    : folder_(std::move(folder)), manifest_(std::move(manifest)), store_(std::move(store)) {}

Collection Collection::create(const std::string& folder, CollectionManifest manifest) {
    std::error_code ec;
    if (fs::exists(fs::path(folder) / kManifest, ec))
        throw OutputError(folder + " already holds a collection (" + kManifest + "); open it instead");
    if (manifest.name.empty()) manifest.name = fs::path(folder).filename().string();
    if (manifest.namingTemplate.empty()) manifest.namingTemplate = kDefaultNamingTemplate;
    // Check the template now, not at the first capture.
    expandNamingTemplate(manifest.namingTemplate,
                         {{"collection", "c"}, {"sku", "s"}, {"seq", "1"}, {"ext", "e"}, {"date", "d"},
                          {"time", "t"}, {"profile", "p"}});
    manifest.createdAtUnix = nowUnixSeconds();
    for (const char* sub : {"originals", "cutouts", "deliverables", "reference"}) {
        fs::create_directories(fs::path(folder) / sub, ec);
        if (ec) throw OutputError("cannot create " + (fs::path(folder) / sub).string() + ": " + ec.message());
    }
    auto store = openStore(folder, manifest.store);
    writeBytesAtomically((fs::path(folder) / kManifest).string(), manifestJson(manifest).dump(2) + "\n");
    return Collection(folder, manifest, std::move(store));
}

Collection Collection::open(const std::string& folder) {
    const std::string path = (fs::path(folder) / kManifest).string();
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw InputError(folder + " is not a collection (no " + kManifest + "); make one with 'facet collection create'");
    CollectionManifest m;
    try {
        auto j = nlohmann::json::parse(readWhole(path));
        if (j.value("kind", "") != "collection") throw InputError(path + ": not a collection manifest");
        m.name = j.at("name").get<std::string>();
        m.profile = j.value("profile", "");
        m.namingTemplate = j.value("naming_template", std::string(kDefaultNamingTemplate));
        m.strict = j.value("strict", true);
        m.store = j.value("store", "sqlite");
        m.reference = j.value("reference", "");
        m.createdAtUnix = j.value("created_at_unix", int64_t{0});
    } catch (const nlohmann::json::exception& e) {
        throw InputError(path + ": the collection manifest is damaged (" + e.what() + ")");
    }
    return Collection(folder, m, openStore(folder, m.store));
}

std::string Collection::path(const std::string& relative) const { return (fs::path(folder_) / relative).string(); }

void Collection::writeSidecar(const CaptureEntry& entry, const nlohmann::json& extra) {
    nlohmann::json j = toJson(entry);
    for (auto it = extra.begin(); it != extra.end(); ++it) j[it.key()] = it.value();
    j["collection"] = manifest_.name;
    j["profile"] = manifest_.profile;
    j["captured_at"] = utcTimestamp(entry.capturedAtUnix);
    const std::string sidecarPath = path("originals/" + entry.id + ".json");
    writeBytesAtomically(sidecarPath, j.dump(2) + "\n");
}

nlohmann::json Collection::sidecar(const std::string& id) const {
    const std::string p = path("originals/" + id + ".json");
    try {
        return nlohmann::json::parse(readWhole(p));
    } catch (const nlohmann::json::exception& e) {
        throw InputError(p + ": the capture's sidecar is damaged (" + e.what() + ")");
    }
}

CaptureEntry Collection::addCapture(const std::string& originalFile, const std::string& sku,
                                    const CaptureReport& report) {
    if (sku.empty()) throw InputError("a capture needs a SKU (the piece's stock number)");
    const auto failed = failedChecks(report.checks, originalFile);
    CaptureEntry e;
    e.sku = sku;
    e.seq = store_->nextSeq(sku);
    e.capturedAtUnix = nowUnixSeconds();
    const std::string ext = lowerExtension(originalFile);
    const std::string stamp = utcTimestamp(e.capturedAtUnix);   // 2026-11-28T07:15:02Z
    const std::string date = stamp.substr(0, 4) + stamp.substr(5, 2) + stamp.substr(8, 2);
    const std::string time = stamp.substr(11, 2) + stamp.substr(14, 2) + stamp.substr(17, 2);
    const std::string name = expandNamingTemplate(
        manifest_.namingTemplate, {{"collection", manifest_.name}, {"sku", sku}, {"seq", std::to_string(e.seq)},
                                   {"ext", ext.empty() ? "bin" : ext}, {"date", date}, {"time", time},
                                   {"profile", manifest_.profile}});
    e.id = fs::path(name).stem().string();
    e.original = "originals/" + name;
    if (store_->get(e.id) || fs::exists(path(e.original)))
        throw OutputError(path(e.original) + " already exists: the naming template gives two captures the same "
                          "name; add {seq} or {time} to it");
    e.failedChecks = failed;
    e.status = failed.empty() ? CaptureStatus::Ok : manifest_.strict ? CaptureStatus::Held : CaptureStatus::Flagged;

    // The original first: a capture is on disk before anything else happens to it.
    copyAtomically(originalFile, path(e.original));
    writeSidecar(e, {{"settings", report.settings}, {"checks", report.checks}, {"source_file", originalFile}});
    store_->put(e);
    return e;
}

CaptureEntry Collection::capture(const std::string& id) const {
    auto e = store_->get(id);
    if (!e) throw InputError(folder_ + ": no capture '" + id + "' in this collection ('facet collection list' shows them)");
    return *e;
}

CaptureEntry Collection::recordCutout(const std::string& id, const std::string& cutoutFile,
                                      const nlohmann::json& cutoutReport) {
    CaptureEntry e = capture(id);
    const std::string ext = lowerExtension(cutoutFile);
    e.cutout = "cutouts/" + id + "." + (ext.empty() ? "png" : ext);
    copyAtomically(cutoutFile, path(e.cutout));
    nlohmann::json side = sidecar(id);
    side["cutout_report"] = cutoutReport;
    writeSidecar(e, {{"settings", side.value("settings", nlohmann::json::object())},
                     {"checks", side.value("checks", nlohmann::json::array())},
                     {"source_file", side.value("source_file", "")},
                     {"cutout_report", cutoutReport}});
    store_->put(e);
    return e;
}

CaptureEntry Collection::accept(const std::string& id, const std::string& note) {
    CaptureEntry e = capture(id);
    if (e.status != CaptureStatus::Held)
        throw InputError(id + " is " + captureStatusName(e.status) + ", not held: nothing to accept");
    if (note.empty()) throw InputError("say why " + id + " is accepted despite failing " + e.failedChecks.front() +
                                       " (--note): the retoucher will want to know");
    e.status = CaptureStatus::Accepted;
    e.note = note;
    nlohmann::json side = sidecar(id);
    side.erase("status");
    side.erase("note");
    nlohmann::json extra;
    for (const char* key : {"settings", "checks", "source_file", "cutout_report"})
        if (side.contains(key)) extra[key] = side[key];
    writeSidecar(e, extra);
    store_->put(e);
    return e;
}

void Collection::setReference(const std::string& plateSidecar) {
    CleanPlate plate = loadCleanPlate(plateSidecar);   // validates before anything is replaced
    saveCleanPlate(path("reference/plate.json"), plate);
    manifest_.reference = "reference/plate.json";
    writeBytesAtomically(path(kManifest), manifestJson(manifest_).dump(2) + "\n");
}

std::vector<CaptureEntry> Collection::captures() const { return store_->all(); }

std::vector<CaptureEntry> Collection::deliverables() const {
    std::vector<CaptureEntry> out;
    for (const auto& e : store_->all())
        if (e.deliverable()) out.push_back(e);
    return out;
}

}  // namespace facet
