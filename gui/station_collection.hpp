#pragma once
// The collection being shot: every capture with its cutout, whether it matches the collection's
// look (background colour and lightness against the first accepted shot) and the photographer's
// decision. Kept in DIR/collection.json, rewritten atomically on every change.
#include "gui/station_types.hpp"

#include <opencv2/core.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace facet::station {

enum class Decision { Pending, Accepted, Rejected };
const char* decisionName(Decision d);

struct CollectionEntry {
    uint64_t captureId = 0;
    std::string shotPath, cutoutPath;
    cv::Mat thumbnail;                  // CV_8UC4 sRGB, the cutout over grey, ~160 px wide
    cv::Vec3d backgroundLab;            // mean colour of the background in CIE L*a*b*
    Verdict consistency = Verdict::Unknown;
    std::string consistencyMessage;     // "matches the collection", "background 4.1 L* darker ..."
    Decision decision = Decision::Pending;
};

// Limits for the consistency badge (a profile's background drift thresholds).
struct ConsistencyLimits {
    double maxDeltaE = 3.0;             // CIE76 between mean background colours
    double maxLightnessDrift = 2.0;     // L* units
};

class Collection {
public:
    explicit Collection(std::string folder, ConsistencyLimits limits = {});

    const std::string& folder() const { return folder_; }
    const std::vector<CollectionEntry>& entries() const { return entries_; }
    bool strict() const { return strict_; }

    // Judges the entry against the reference (the first accepted shot) and adds it. In strict
    // mode an inconsistent shot is rejected on arrival.
    const CollectionEntry& add(CollectionEntry entry);
    // Empty on success, else why not (strict mode refuses inconsistent shots).
    std::string accept(uint64_t captureId);
    void reject(uint64_t captureId);
    void setStrict(bool strict);
    void setLimits(ConsistencyLimits limits) { limits_ = limits; }

    // Writes DIR/collection.json atomically. Throws OutputError naming the file.
    void save() const;

private:
    std::optional<cv::Vec3d> reference() const;
    void judge(CollectionEntry& e) const;

    std::string folder_;
    ConsistencyLimits limits_;
    std::vector<CollectionEntry> entries_;
    bool strict_ = false;
};

// Mean linear BGR of pixels with alpha below 0.05 -> CIE L*a*b* (D65).
cv::Vec3d meanBackgroundLab(const cv::Mat& linearBgr, const cv::Mat& alpha);

}  // namespace facet::station
