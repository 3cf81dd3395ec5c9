#pragma once
// Benchmarks that measure one core (the live checks, RAW decoding) set OpenCV to one thread for
// their own run only: the setting is process-wide and would otherwise slow every benchmark that
// runs after them in the same filter (the 24 MP cutouts).
#include <opencv2/core.hpp>

namespace facet::bench {

class OneCore {
public:
    OneCore() : before_(cv::getNumThreads()) { cv::setNumThreads(1); }
    ~OneCore() { cv::setNumThreads(before_); }
    OneCore(const OneCore&) = delete;
    OneCore& operator=(const OneCore&) = delete;

private:
    int before_;
};

}  // namespace facet::bench
