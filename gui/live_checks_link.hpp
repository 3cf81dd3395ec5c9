#pragma once
// The seam between the station and pipeline/checks: runs the live checks on one frame and
// writes what the window shows (verdict lines, outline segments, thin-structure marks) into a
// LiveSnapshot, in the window's terms (live-frame pixels, station verdicts).
#include "gui/station_types.hpp"
#include "profiles/check_thresholds.hpp"

#include <opencv2/core.hpp>

#include <memory>

namespace facet::station {

class LiveChecksLink {
public:
    explicit LiveChecksLink(const CheckThresholds& profileThresholds);
    ~LiveChecksLink();
    // frame CV_8UC3 sRGB, matte CV_8UC1, plate CV_8UC3 or empty. Fills out.checks, edgeSegments,
    // thinStructures, otherMarks, checksAvailable.
    void run(const cv::Mat& frame, const cv::Mat& matte, const cv::Mat& plate, LiveSnapshot& out);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace facet::station
