#include "calibration/collection_store.hpp"

#include "pipeline/atomic_file.hpp"
#include "pipeline/errors.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

namespace facet {

const char* captureStatusName(CaptureStatus s) {
    switch (s) {
        case CaptureStatus::Ok: return "ok";
        case CaptureStatus::Flagged: return "flagged";
        case CaptureStatus::Held: return "held";
        case CaptureStatus::Accepted: return "accepted";
    }
    return "?";
}

CaptureStatus captureStatusFromName(const std::string& name) {
    for (auto s : {CaptureStatus::Ok, CaptureStatus::Flagged, CaptureStatus::Held, CaptureStatus::Accepted})
        if (name == captureStatusName(s)) return s;
    throw InputError("unknown capture status '" + name + "' (ok, flagged, held, accepted)");
}

nlohmann::json toJson(const CaptureEntry& e) {
    return nlohmann::json{{"id", e.id},
                          {"sku", e.sku},
                          {"seq", e.seq},
                          {"original", e.original},
                          {"cutout", e.cutout},
                          {"status", captureStatusName(e.status)},
                          {"failed_checks", e.failedChecks},
                          {"note", e.note},
                          {"captured_at_unix", e.capturedAtUnix}};
}

CaptureEntry captureEntryFromJson(const nlohmann::json& j) {
    CaptureEntry e;
    e.id = j.at("id").get<std::string>();
    e.sku = j.at("sku").get<std::string>();
    e.seq = j.at("seq").get<int>();
    e.original = j.value("original", "");
    e.cutout = j.value("cutout", "");
    e.status = captureStatusFromName(j.value("status", "ok"));
    e.failedChecks = j.value("failed_checks", std::vector<std::string>{});
    e.note = j.value("note", "");
    e.capturedAtUnix = j.value("captured_at_unix", int64_t{0});
    return e;
}

namespace {

bool bySkuThenSeq(const CaptureEntry& a, const CaptureEntry& b) {
    return a.sku != b.sku ? a.sku < b.sku : a.seq < b.seq;
}

class SqliteCollectionStore : public CollectionStore {
public:
    explicit SqliteCollectionStore(const std::string& path) : path_(path) {
        if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
            std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
            sqlite3_close(db_);
            throw InputError(path + ": cannot open the collection index (" + why + ")");
        }
        sqlite3_busy_timeout(db_, 5000);   // the station window and the CLI may share a collection
        exec("CREATE TABLE IF NOT EXISTS captures ("
             " id TEXT PRIMARY KEY, sku TEXT NOT NULL, seq INTEGER NOT NULL, status TEXT NOT NULL,"
             " entry TEXT NOT NULL)");
        exec("CREATE INDEX IF NOT EXISTS captures_sku ON captures(sku, seq)");
    }
    ~SqliteCollectionStore() override { sqlite3_close(db_); }

    void put(const CaptureEntry& e) override {
        Statement s(*this, "INSERT OR REPLACE INTO captures(id, sku, seq, status, entry) VALUES (?, ?, ?, ?, ?)");
        const std::string entry = toJson(e).dump();
        sqlite3_bind_text(s.stmt, 1, e.id.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s.stmt, 2, e.sku.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(s.stmt, 3, e.seq);
        sqlite3_bind_text(s.stmt, 4, captureStatusName(e.status), -1, SQLITE_STATIC);
        sqlite3_bind_text(s.stmt, 5, entry.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(s.stmt) != SQLITE_DONE) fail("cannot record capture " + e.id, true);
    }

    std::optional<CaptureEntry> get(const std::string& id) const override {
        Statement s(*this, "SELECT entry FROM captures WHERE id = ?");
        sqlite3_bind_text(s.stmt, 1, id.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(s.stmt) != SQLITE_ROW) return std::nullopt;
        return parse(s.stmt);
    }

    std::vector<CaptureEntry> all() const override {
        Statement s(*this, "SELECT entry FROM captures ORDER BY sku, seq");
        std::vector<CaptureEntry> out;
        while (sqlite3_step(s.stmt) == SQLITE_ROW) out.push_back(parse(s.stmt));
        return out;
    }

    int nextSeq(const std::string& sku) const override {
        Statement s(*this, "SELECT COALESCE(MAX(seq), 0) FROM captures WHERE sku = ?");
        sqlite3_bind_text(s.stmt, 1, sku.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(s.stmt) != SQLITE_ROW) fail("cannot read the sequence numbers", false);
        return sqlite3_column_int(s.stmt, 0) + 1;
    }

private:
    struct Statement {
        Statement(const SqliteCollectionStore& store, const char* sql) {
            if (sqlite3_prepare_v2(store.db_, sql, -1, &stmt, nullptr) != SQLITE_OK)
                store.fail("the collection index is damaged", false);
        }
        ~Statement() { sqlite3_finalize(stmt); }
        sqlite3_stmt* stmt = nullptr;
    };

    CaptureEntry parse(sqlite3_stmt* stmt) const {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
        try {
            return captureEntryFromJson(nlohmann::json::parse(text ? text : ""));
        } catch (const std::exception& e) {
            throw InputError(path_ + ": a capture record is damaged (" + e.what() + ")");
        }
    }

    void exec(const char* sql) {
        char* err = nullptr;
        if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
            std::string why = err ? err : "unknown error";
            sqlite3_free(err);
            throw InputError(path_ + ": cannot prepare the collection index (" + why + ")");
        }
    }

    [[noreturn]] void fail(const std::string& what, bool writing) const {
        const std::string message = path_ + ": " + what + " (" + sqlite3_errmsg(db_) + ")";
        if (writing) throw OutputError(message);
        throw InputError(message);
    }

    std::string path_;
    sqlite3* db_ = nullptr;
};

class JsonCollectionStore : public CollectionStore {
public:
    explicit JsonCollectionStore(std::string path) : path_(std::move(path)) {
        std::error_code ec;
        if (!std::filesystem::exists(path_, ec)) return;
        std::ifstream in(path_);
        try {
            const nlohmann::json doc = nlohmann::json::parse(in);   // kept alive for the loop
            for (const auto& j : doc.at("captures")) {
                CaptureEntry e = captureEntryFromJson(j);
                entries_[e.id] = e;
            }
        } catch (const std::exception& e) {
            throw InputError(path_ + ": the collection index is damaged (" + e.what() + ")");
        }
    }

    void put(const CaptureEntry& entry) override {
        auto next = entries_;
        next[entry.id] = entry;
        nlohmann::json list = nlohmann::json::array();
        for (const auto& e : sorted(next)) list.push_back(toJson(e));
        writeBytesAtomically(path_, nlohmann::json{{"captures", list}}.dump(2) + "\n");
        entries_ = std::move(next);   // only once it is on disk
    }

    std::optional<CaptureEntry> get(const std::string& id) const override {
        auto it = entries_.find(id);
        if (it == entries_.end()) return std::nullopt;
        return it->second;
    }

    std::vector<CaptureEntry> all() const override { return sorted(entries_); }

    int nextSeq(const std::string& sku) const override {
        int highest = 0;
        for (const auto& [id, e] : entries_)
            if (e.sku == sku) highest = std::max(highest, e.seq);
        return highest + 1;
    }

private:
    static std::vector<CaptureEntry> sorted(const std::map<std::string, CaptureEntry>& m) {
        std::vector<CaptureEntry> out;
        for (const auto& [id, e] : m) out.push_back(e);
        std::sort(out.begin(), out.end(), bySkuThenSeq);
        return out;
    }

    std::string path_;
    std::map<std::string, CaptureEntry> entries_;
};

}  // namespace

std::unique_ptr<CollectionStore> openSqliteCollectionStore(const std::string& databasePath) {
    return std::make_unique<SqliteCollectionStore>(databasePath);
}

std::unique_ptr<CollectionStore> openJsonCollectionStore(const std::string& jsonPath) {
    return std::make_unique<JsonCollectionStore>(jsonPath);
}

}  // namespace facet
