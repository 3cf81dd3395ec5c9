#include "capture/capture_journal.hpp"

#include "pipeline/errors.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace facet::capture {

namespace {

std::vector<std::string> splitTabs(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream ss(line);
    std::string part;
    while (std::getline(ss, part, '\t')) out.push_back(part);
    return out;
}

// Tabs and newlines inside a value would break the line format.
std::string clean(std::string s) {
    for (char& c : s)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return s;
}

}  // namespace

CaptureJournal::CaptureJournal(std::string path) : path_(std::move(path)) {
    std::ifstream in(path_);
    std::string line;
    while (std::getline(in, line)) {
        if (in.eof()) break;  // no newline at the end: a torn write, ignored
        auto f = splitTabs(line);
        try {
            if (f.size() >= 4 && f[0] == "captured") {
                JournalCapture c;
                c.sequence = std::stoull(f[1]);
                c.file = f[2];
                c.cameraFile = f[3];
                c.profile = f.size() > 4 ? f[4] : "";
                captures_.push_back(c);
                lastSequence_ = std::max(lastSequence_, c.sequence);
            } else if (f.size() >= 4 && f[0] == "processed") {
                for (auto& c : captures_)
                    if (c.file == f[2]) {
                        c.processed = true;
                        c.cutout = f[3];
                    }
            }
        } catch (const std::exception&) {
            // A damaged line is skipped; the files themselves are still in the folder.
        }
    }
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0) throw OutputError("cannot open the capture journal " + path_ + ": " + std::strerror(errno));
}

CaptureJournal::~CaptureJournal() {
    if (fd_ >= 0) ::close(fd_);
}

void CaptureJournal::append(const std::string& line) {
    std::string bytes = line + "\n";
    const char* p = bytes.data();
    size_t left = bytes.size();
    while (left > 0) {
        ssize_t n = ::write(fd_, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw OutputError("cannot write the capture journal " + path_ + ": " + std::strerror(errno));
        p += n;
        left -= static_cast<size_t>(n);
    }
    if (::fsync(fd_) != 0) throw OutputError("cannot flush the capture journal " + path_ + ": " + std::strerror(errno));
}

void CaptureJournal::recordCaptured(const JournalCapture& c) {
    append("captured\t" + std::to_string(c.sequence) + "\t" + clean(c.file) + "\t" + clean(c.cameraFile) + "\t" +
           clean(c.profile));
    captures_.push_back(c);
    lastSequence_ = std::max(lastSequence_, c.sequence);
}

void CaptureJournal::recordProcessed(uint64_t sequence, const std::string& file, const std::string& cutout) {
    append("processed\t" + std::to_string(sequence) + "\t" + clean(file) + "\t" + clean(cutout));
    for (auto& c : captures_)
        if (c.file == file) {
            c.processed = true;
            c.cutout = cutout;
        }
}

std::vector<JournalCapture> CaptureJournal::captures() const { return captures_; }

std::vector<JournalCapture> CaptureJournal::unprocessed() const {
    std::vector<JournalCapture> out;
    for (const auto& c : captures_)
        if (!c.processed) out.push_back(c);
    return out;
}

}  // namespace facet::capture
