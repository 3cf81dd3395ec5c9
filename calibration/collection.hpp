#pragma once
// A collection: one shoot's folder, everything about it in one place.
//
//   <folder>/manifest.json        name, profile, naming template, strict or not, reference, store
//   <folder>/reference/plate.json the background reference (a clean plate) the cutouts used
//   <folder>/originals/           the camera's files, renamed by the template, each with a
//                                 sidecar NAME.json: settings, check results, cutout report, status
//   <folder>/cutouts/             true-alpha cutouts
//   <folder>/deliverables/        exports for the marketplace (only deliverable captures)
//   <folder>/collection.db        the index (SQLite; captures.json with the plain-file store)
//
// Strict collections hold a capture that failed a check out of the deliverables until the
// photographer accepts it; relaxed ones flag it and deliver it anyway.
#include "calibration/collection_store.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace facet {

struct CollectionManifest {
    std::string name;                     // "spring-rings"
    std::string profile;                  // capture profile name
    std::string namingTemplate;           // "{collection}_{sku}_{seq:04}.{ext}"
    bool strict = true;
    std::string store = "sqlite";         // "sqlite" or "json"
    std::string reference;                // "reference/plate.json" once set
    int64_t createdAtUnix = 0;
};

// What is known about a capture when it is added: the camera settings it was made with and the
// live checks' results. checks: [{"name": "focus", "passed": true, "value": 1.8, "message": "..."}]
struct CaptureReport {
    nlohmann::json settings = nlohmann::json::object();
    nlohmann::json checks = nlohmann::json::array();
};

class Collection {
public:
    // Creates the folder layout and manifest; OutputError when the folder already holds a collection.
    static Collection create(const std::string& folder, CollectionManifest manifest);
    // InputError naming the folder when it is not a collection or its manifest is damaged.
    static Collection open(const std::string& folder);

    const CollectionManifest& manifest() const { return manifest_; }
    const std::string& folder() const { return folder_; }

    // Copies the file into originals/ under the template's name (atomically), writes its sidecar
    // and records it. The status follows the checks and the collection's strictness.
    CaptureEntry addCapture(const std::string& originalFile, const std::string& sku, const CaptureReport& report);
    // Copies a cutout into cutouts/ (named after the capture) with the cutout's report.
    CaptureEntry recordCutout(const std::string& id, const std::string& cutoutFile, const nlohmann::json& cutoutReport);
    // A held capture becomes deliverable; the note says why (kept in its sidecar).
    CaptureEntry accept(const std::string& id, const std::string& note);
    // Copies a clean plate (sidecar + images) into reference/ and names it in the manifest.
    void setReference(const std::string& plateSidecar);

    std::vector<CaptureEntry> captures() const;
    std::vector<CaptureEntry> deliverables() const;
    CaptureEntry capture(const std::string& id) const;   // InputError naming the id when unknown

    // Absolute path of a collection-relative one.
    std::string path(const std::string& relative) const;
    // The capture's sidecar as stored.
    nlohmann::json sidecar(const std::string& id) const;

private:
    Collection(std::string folder, CollectionManifest manifest, std::unique_ptr<CollectionStore> store);
    void writeSidecar(const CaptureEntry& entry, const nlohmann::json& extra);

    std::string folder_;
    CollectionManifest manifest_;
    std::shared_ptr<CollectionStore> store_;
};

}  // namespace facet
