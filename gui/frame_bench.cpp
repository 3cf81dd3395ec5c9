#include "gui/frame_bench.hpp"

#include <algorithm>
#include <functional>

namespace facet::station {

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, size_t(p * double(values.size() - 1) + 0.5))];
}

void FrameBench::add(const FrameTimes& t) {
    if (frames_.empty()) first_ = Clock::now();
    last_ = Clock::now();
    frames_.push_back(t);
}

nlohmann::json FrameBench::report() const {
    auto all = [&](const std::function<double(const FrameTimes&)>& field) {
        std::vector<double> v;
        for (const auto& f : frames_) v.push_back(field(f));
        return v;
    };
    const auto wall = all([](const FrameTimes& f) { return f.wallMs; });
    const double seconds = std::chrono::duration<double>(last_ - first_).count();
    const auto liveShown = std::count_if(frames_.begin(), frames_.end(), [](const FrameTimes& f) { return f.newLiveFrame; });
    return {{"frames", frames_.size()},
            {"ui_frame_ms_median", percentile(wall, 0.5)},
            {"ui_frame_ms_p99", percentile(wall, 0.99)},
            {"ui_frame_ms_max", percentile(wall, 1.0)},
            {"ui_thread_cpu_ms_median", percentile(all([](const FrameTimes& f) { return f.cpuMs; }), 0.5)},
            {"ui_build_ms_median", percentile(all([](const FrameTimes& f) { return f.buildMs; }), 0.5)},
            {"gl_render_ms_median", percentile(all([](const FrameTimes& f) { return f.renderMs; }), 0.5)},
            {"gl_swap_ms_median", percentile(all([](const FrameTimes& f) { return f.swapMs; }), 0.5)},
            {"triangles_median", percentile(all([](const FrameTimes& f) { return f.triangles; }), 0.5)},
            {"draw_calls_median", percentile(all([](const FrameTimes& f) { return f.drawCalls; }), 0.5)},
            {"frames_drawn_per_s", seconds > 0 ? double(frames_.size() - 1) / seconds : 0.0},
            {"frames_with_a_new_live_frame", liveShown},
            {"live_frames_shown_per_s", seconds > 0 ? double(liveShown) / seconds : 0.0}};
}

}  // namespace facet::station
