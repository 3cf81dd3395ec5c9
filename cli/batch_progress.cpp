#include "cli/batch_progress.hpp"

#include <cmath>
#include <cstdio>

namespace facet::cli {

std::string durationText(double s) {
    if (!(s >= 0) || !std::isfinite(s)) return "?";
    const long t = std::lround(s);
    char buf[32];
    if (t >= 3600)
        std::snprintf(buf, sizeof buf, "%ldh%02ldm", t / 3600, (t % 3600) / 60);
    else if (t >= 60)
        std::snprintf(buf, sizeof buf, "%ldm%02lds", t / 60, t % 60);
    else
        std::snprintf(buf, sizeof buf, "%lds", t);
    return buf;
}

BatchProgress::BatchProgress(std::ostream& out, int total, bool terminal)
    : out_(out), total_(total), terminal_(terminal) {}

double BatchProgress::imagesPerMinute() const {
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    return secs > 0 ? 60.0 * (done_ + failed_) / secs : 0;
}

std::string BatchProgress::line() const {
    const int finished = done_ + failed_;
    const int width = 24;
    const int filled = total_ > 0 ? finished * width / total_ : width;
    std::string bar = "[" + std::string(filled, '#') + std::string(width - filled, '.') + "]";
    const double rate = imagesPerMinute();
    const double eta = rate > 0 ? (total_ - finished) / rate * 60 : -1;
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s %d/%d  %d failed  %.1f images/min  ETA %s", bar.c_str(), finished, total_,
                  failed_, rate, finished == 0 ? "?" : durationText(eta).c_str());
    return buf;
}

void BatchProgress::finished(bool ok, const std::string& file, const std::string& message) {
    std::lock_guard lock(mutex_);
    (ok ? done_ : failed_)++;
    if (terminal_) {
        out_ << "\r\033[K";
        if (!ok) out_ << "FAILED " << message << "\n";
        out_ << line() << std::flush;
    } else {
        if (!ok) out_ << "FAILED " << message << "\n";
        out_ << line() << "  " << file << "\n" << std::flush;
    }
}

void BatchProgress::close() {
    std::lock_guard lock(mutex_);
    if (terminal_) out_ << "\n";
    out_ << std::flush;
}

}  // namespace facet::cli
