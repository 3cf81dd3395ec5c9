#pragma once
// A shooting session on disk: the session folder, the naming template and the journal. Every
// downloaded file goes to disk first (temporary name, fsync, rename), then into the journal;
// only after that may the camera's copy be deleted (CameraThread does that).
#include "capture/camera_thread.hpp"
#include "capture/capture_journal.hpp"
#include "capture/file_name_template.hpp"

#include <memory>
#include <mutex>
#include <string>

namespace facet::capture {

struct SessionOptions {
    std::string folder;                 // the collection's folder; created when absent
    std::string collection;             // defaults to the folder's name
    std::string sku = "piece";
    std::string nameTemplate = "{collection}_{sku}_{seq:04}.{ext}";
    std::string profile;                // passed through into the journal
};

class CaptureSession {
public:
    // Throws InputError (bad template) or OutputError (folder cannot be made or written).
    explicit CaptureSession(SessionOptions options);

    // The FileKeeper for CameraThread: writes the bytes atomically under the next name and
    // journals them. Thread-safe.
    StoredFile keep(const CameraFileRef& source, const std::vector<uint8_t>& bytes, uint64_t sequence);
    FileKeeper keeper() {
        return [this](const CameraFileRef& s, const std::vector<uint8_t>& b, uint64_t q) { return keep(s, b, q); };
    }

    void markProcessed(const StoredFile& file, const std::string& cutoutPath);
    std::vector<JournalCapture> unprocessed() const;
    const std::string& folder() const { return options_.folder; }
    const CaptureJournal& journal() const { return *journal_; }
    void setSku(const std::string& sku);

private:
    SessionOptions options_;
    FileNameTemplate template_;
    std::unique_ptr<CaptureJournal> journal_;
    mutable std::mutex mutex_;
};

}  // namespace facet::capture
