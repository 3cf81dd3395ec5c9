#pragma once
// Where a collection keeps its index of captures. One small interface, two backends:
//   SQLite (the default; one collection.db in the collection folder: transactions make every
//   change atomic) and a plain JSON file (captures.json, rewritten atomically on each change,
//   readable and diffable by hand). The per-capture sidecars beside the originals are the
//   human-readable record either way; the store is the index that answers "what is deliverable".
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace facet {

// ok: every check passed. flagged: a check failed in a relaxed collection (still delivered).
// held: a check failed in a strict collection: kept out of deliverables until accepted.
// accepted: held, then accepted by the photographer (with a note).
enum class CaptureStatus { Ok, Flagged, Held, Accepted };
const char* captureStatusName(CaptureStatus s);
CaptureStatus captureStatusFromName(const std::string& name);   // InputError for unknown names

struct CaptureEntry {
    std::string id;                       // the file stem: "spring-rings_R-1042_0007"
    std::string sku;
    int seq = 0;                          // per SKU, from 1
    std::string original;                 // relative to the collection: originals/....cr2
    std::string cutout;                   // relative: cutouts/....png, "" until made
    CaptureStatus status = CaptureStatus::Ok;
    std::vector<std::string> failedChecks;
    std::string note;                     // why it was accepted
    int64_t capturedAtUnix = 0;

    bool deliverable() const { return status != CaptureStatus::Held; }
};

nlohmann::json toJson(const CaptureEntry& e);
CaptureEntry captureEntryFromJson(const nlohmann::json& j);

class CollectionStore {
public:
    virtual ~CollectionStore() = default;
    virtual void put(const CaptureEntry& entry) = 0;                         // insert or replace by id
    virtual std::optional<CaptureEntry> get(const std::string& id) const = 0;
    virtual std::vector<CaptureEntry> all() const = 0;                        // by SKU, then seq
    virtual int nextSeq(const std::string& sku) const = 0;                    // 1 + the SKU's highest
};

std::unique_ptr<CollectionStore> openSqliteCollectionStore(const std::string& databasePath);
std::unique_ptr<CollectionStore> openJsonCollectionStore(const std::string& jsonPath);

}  // namespace facet
