#include "capture/capture_session.hpp"

#include "pipeline/atomic_file.hpp"
#include "pipeline/errors.hpp"

#include <filesystem>

namespace facet::capture {

namespace fs = std::filesystem;

CaptureSession::CaptureSession(SessionOptions options)
    : options_(std::move(options)), template_(options_.nameTemplate) {
    if (options_.folder.empty()) throw InputError("no collection folder given (--collection DIR)");
    std::error_code ec;
    fs::create_directories(options_.folder, ec);
    if (!fs::is_directory(options_.folder))
        throw OutputError("cannot create the collection folder " + options_.folder + ": " +
                          (ec ? ec.message() : "a file of that name is in the way"));
    if (options_.collection.empty()) options_.collection = fs::absolute(options_.folder).lexically_normal().filename().string();
    if (options_.collection.empty()) options_.collection = "collection";
    journal_ = std::make_unique<CaptureJournal>((fs::path(options_.folder) / "capture-journal.tsv").string());
}

void CaptureSession::setSku(const std::string& sku) {
    std::lock_guard lock(mutex_);
    options_.sku = sku;
}

StoredFile CaptureSession::keep(const CameraFileRef& source, const std::vector<uint8_t>& bytes, uint64_t sequence) {
    std::lock_guard lock(mutex_);
    // A new capture continues after the last one journalled (a restart resumes the numbering);
    // a name already taken (a journal lost by hand) moves on to the next free number.
    bool newCapture = sequence == 0;
    if (newCapture) sequence = journal_->lastSequence() + 1;
    FileNameFields fields{options_.collection, options_.sku, sequence, source.extension(),
                          source.name.substr(0, source.name.rfind('.')), options_.profile};
    std::string name = template_.format(fields);
    while (newCapture && fs::exists(fs::path(options_.folder) / name)) {
        fields.sequence = ++sequence;
        name = template_.format(fields);
    }
    const std::string path = (fs::path(options_.folder) / name).string();
    if (!newCapture && fs::exists(path))
        throw OutputError("cannot save " + source.name + ": " + path + " already exists");
    writeBytesAtomically(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    journal_->recordCaptured({sequence, name, source.name, options_.profile, false, ""});
    return StoredFile{source, path, sequence};
}

void CaptureSession::markProcessed(const StoredFile& file, const std::string& cutoutPath) {
    std::lock_guard lock(mutex_);
    journal_->recordProcessed(file.sequence, fs::path(file.path).filename().string(),
                              fs::path(cutoutPath).filename().string());
}

std::vector<JournalCapture> CaptureSession::unprocessed() const {
    std::lock_guard lock(mutex_);
    return journal_->unprocessed();
}

}  // namespace facet::capture
