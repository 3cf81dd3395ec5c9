#pragma once
// The session's append-only journal: one line per event, flushed to disk (fsync) before the
// call returns. A restart reads it back to continue the numbering and to find the captures that
// were saved but not yet cut out (the power went, the station crashed mid-cutout).
//
// Lines (tab-separated):  captured <seq> <file name> <camera file> <profile>
//                         processed <seq> <file name> <cutout file name>
// A torn last line (a crash mid-write) is ignored.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace facet::capture {

struct JournalCapture {
    uint64_t sequence = 0;
    std::string file;         // in the session folder
    std::string cameraFile;   // its name on the camera
    std::string profile;
    bool processed = false;
    std::string cutout;
};

class CaptureJournal {
public:
    // Opens (creating when absent) the journal at `path`. Throws OutputError when it cannot.
    explicit CaptureJournal(std::string path);
    ~CaptureJournal();
    CaptureJournal(const CaptureJournal&) = delete;
    CaptureJournal& operator=(const CaptureJournal&) = delete;

    void recordCaptured(const JournalCapture& capture);
    void recordProcessed(uint64_t sequence, const std::string& file, const std::string& cutout);

    uint64_t lastSequence() const { return lastSequence_; }
    std::vector<JournalCapture> captures() const;      // in order
    std::vector<JournalCapture> unprocessed() const;   // saved, not cut out yet
    const std::string& path() const { return path_; }

private:
    void append(const std::string& line);

    std::string path_;
    int fd_ = -1;
    uint64_t lastSequence_ = 0;
    std::vector<JournalCapture> captures_;
};

}  // namespace facet::capture
