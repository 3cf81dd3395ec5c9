#include "pipeline/cutout_report.hpp"

#include <opencv2/core.hpp>

namespace facet {

nlohmann::json cutoutReport(const CutoutResult& r) {
    using nlohmann::json;
    json j;
    j["method"] = r.method;
    j["size"] = {r.alpha.cols, r.alpha.rows};
    j["coverage"] = r.coverage;
    if (r.method != "frame-model")
        j["plate"] = {{"shift_px", {r.plate.shift.x, r.plate.shift.y}}, {"gain", r.plate.gain}};
    if (r.method == "dual") j["front_light_ratio"] = r.frontLightRatio;
    j["notes"] = r.notes;
    json regions = json::array();
    for (const auto& g : r.review)
        regions.push_back({{"x", g.box.x}, {"y", g.box.y}, {"width", g.box.width}, {"height", g.box.height},
                           {"reason", g.reason}, {"severity", g.severity}});
    j["review_regions"] = regions;
    if (!r.confidence.empty()) {
        cv::Mat piece = r.alpha > 0.0f;
        const int n = cv::countNonZero(piece);
        cv::Mat low = (r.confidence < 0.6f) & piece;
        j["confidence"] = {{"mean_on_piece", n ? cv::mean(r.confidence, piece)[0] : 1.0},
                           {"low_fraction_on_piece", n ? double(cv::countNonZero(low)) / n : 0.0}};
    }
    j["timings_ms"] = r.timingsMs;
    return j;
}

}  // namespace facet
