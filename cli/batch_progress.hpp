#pragma once
// The batch's progress line on stderr: a bar, counts, rate (images/min) and time left.
// On a terminal it redraws in place; in a log file it prints one line per finished image.
#include <chrono>
#include <mutex>
#include <ostream>
#include <string>

namespace facet::cli {

class BatchProgress {
public:
    BatchProgress(std::ostream& out, int total, bool terminal);

    // One image finished (ok or failed); `message` (a failure) is printed on its own line.
    void finished(bool ok, const std::string& file, const std::string& message = "");
    // The last line, with a newline.
    void close();

    int done() const { return done_; }
    int failed() const { return failed_; }
    double imagesPerMinute() const;

private:
    std::string line() const;

    std::ostream& out_;
    const int total_;
    const bool terminal_;
    int done_ = 0, failed_ = 0;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::mutex mutex_;
};

// "3m05s", "42s", "1h02m".
std::string durationText(double seconds);

}  // namespace facet::cli
