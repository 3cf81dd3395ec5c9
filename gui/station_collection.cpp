#include "gui/station_collection.hpp"

#include "pipeline/atomic_file.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>

namespace facet::station {

const char* decisionName(Decision d) {
    switch (d) {
        case Decision::Pending: return "pending";
        case Decision::Accepted: return "accepted";
        case Decision::Rejected: return "rejected";
    }
    return "pending";
}

Collection::Collection(std::string folder, ConsistencyLimits limits) : folder_(std::move(folder)), limits_(limits) {}

std::optional<cv::Vec3d> Collection::reference() const {
    for (const auto& e : entries_)
        if (e.decision == Decision::Accepted) return e.backgroundLab;
    return std::nullopt;
}

void Collection::judge(CollectionEntry& e) const {
    const auto ref = reference();
    if (!ref) {
        e.consistency = Verdict::Ok;
        e.consistencyMessage = "first shot: accept it to make it the collection's reference";
        return;
    }
    const cv::Vec3d d = e.backgroundLab - *ref;
    const double dE = std::sqrt(d.dot(d));
    const double dL = d[0];
    char text[200];
    if (std::abs(dL) > limits_.maxLightnessDrift) {
        e.consistency = std::abs(dL) > 2 * limits_.maxLightnessDrift ? Verdict::Fail : Verdict::Warn;
        std::snprintf(text, sizeof text, "background %.1f L* %s than the collection: check light power and exposure",
                      std::abs(dL), dL > 0 ? "lighter" : "darker");
    } else if (dE > limits_.maxDeltaE) {
        e.consistency = dE > 2 * limits_.maxDeltaE ? Verdict::Fail : Verdict::Warn;
        std::snprintf(text, sizeof text, "background colour off by dE %.1f: check white balance and the lights", dE);
    } else {
        e.consistency = Verdict::Ok;
        std::snprintf(text, sizeof text, "matches the collection (dE %.1f)", dE);
    }
    e.consistencyMessage = text;
}

const CollectionEntry& Collection::add(CollectionEntry entry) {
    judge(entry);
    if (strict_ && entry.consistency == Verdict::Fail) entry.decision = Decision::Rejected;
    entries_.push_back(std::move(entry));
    return entries_.back();
}

std::string Collection::accept(uint64_t captureId) {
    for (auto& e : entries_)
        if (e.captureId == captureId) {
            if (strict_ && e.consistency == Verdict::Fail)
                return "strict mode: this shot does not match the collection (" + e.consistencyMessage +
                       "); reshoot it or switch strict mode off";
            e.decision = Decision::Accepted;
            return "";
        }
    return "no capture " + std::to_string(captureId) + " in this collection";
}

void Collection::reject(uint64_t captureId) {
    for (auto& e : entries_)
        if (e.captureId == captureId) e.decision = Decision::Rejected;
}

void Collection::setStrict(bool strict) {
    strict_ = strict;
}

void Collection::save() const {
    nlohmann::json doc;
    doc["strict"] = strict_;
    doc["captures"] = nlohmann::json::array();
    for (const auto& e : entries_)
        doc["captures"].push_back({{"id", e.captureId},
                                   {"shot", e.shotPath},
                                   {"cutout", e.cutoutPath},
                                   {"decision", decisionName(e.decision)},
                                   {"consistency", verdictName(e.consistency)},
                                   {"consistency_message", e.consistencyMessage},
                                   {"background_lab", {e.backgroundLab[0], e.backgroundLab[1], e.backgroundLab[2]}}});
    writeBytesAtomically((std::filesystem::path(folder_) / "collection.json").string(), doc.dump(2) + "\n");
}

cv::Vec3d meanBackgroundLab(const cv::Mat& linearBgr, const cv::Mat& alpha) {
    CV_Assert(linearBgr.type() == CV_32FC3 && alpha.type() == CV_32FC1 && linearBgr.size() == alpha.size());
    cv::Vec3d sum(0, 0, 0);
    size_t n = 0;
    for (int y = 0; y < linearBgr.rows; y += 2) {
        const cv::Vec3f* c = linearBgr.ptr<cv::Vec3f>(y);
        const float* a = alpha.ptr<float>(y);
        for (int x = 0; x < linearBgr.cols; x += 2)
            if (a[x] < 0.05f) {
                sum += cv::Vec3d(c[x]);
                ++n;
            }
    }
    if (n) sum /= double(n);
    const double b = sum[0], g = sum[1], r = sum[2];
    // Linear sRGB -> XYZ (D65) -> L*a*b*.
    const double X = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    const double Y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    const double Z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    auto f = [](double t) { return t > 216.0 / 24389 ? std::cbrt(t) : (24389.0 / 27 * t + 16) / 116; };
    return {116 * f(Y) - 16, 500 * (f(X) - f(Y)), 200 * (f(Y) - f(Z))};
}

}  // namespace facet::station
