// The capture benchmark: its script (a warm-up capture, then N, one at a time) and what it reports
// (the warm-up left out; preview and full cutout apart).
#include "gui/capture_bench.hpp"

#include <gtest/gtest.h>

using namespace facet::station;

namespace {

std::shared_ptr<const CutoutSnapshot> shown(uint64_t id, bool preview, double fromPress, double fromFiles) {
    auto s = std::make_shared<CutoutSnapshot>();
    s->captureId = id;
    s->preview = preview;
    s->captureToShownMs = fromPress;
    s->fileToShownMs = fromFiles;
    s->cameraMs = 100;
    return s;
}

}  // namespace

TEST(CaptureBench, ScriptCapturesOneAtATimeAfterAWarmUp) {
    const auto script = captureBenchScript(2);
    std::vector<std::string> verbs;
    for (const auto& a : script) verbs.push_back(a.verb);
    EXPECT_EQ(verbs, (std::vector<std::string>{"wait-live", "capture", "wait-cutout", "capture", "wait-cutout", "capture",
                                               "wait-cutout", "quit"}));
}

TEST(CaptureBench, ReportsPreviewAndFullMediansWithoutTheWarmUp) {
    CaptureBench bench(2);
    bench.see(shown(1, true, 9000, 900));   // warm-up: not counted
    bench.see(shown(1, false, 20000, 9000));
    auto p2 = shown(2, true, 3000, 300);
    bench.see(p2);
    bench.see(p2);                          // the same snapshot on the next frame: once
    bench.see(shown(2, false, 6000, 3000));
    bench.see(shown(3, true, 3200, 320));
    bench.see(shown(3, false, 6400, 3200));
    bench.see(nullptr);
    const auto j = bench.report();
    EXPECT_EQ(j["captures"], 2);
    EXPECT_EQ(j["shown"].size(), 4u);
    EXPECT_DOUBLE_EQ(j["preview_file_to_shown_ms_median"].get<double>(), 320);  // nearest rank of {300, 320}
    EXPECT_DOUBLE_EQ(j["full_capture_to_shown_ms_median"].get<double>(), 6400);
    EXPECT_DOUBLE_EQ(j["first_cutout_shown_ms_median"].get<double>(), 3200);     // the preview is the first look
    EXPECT_DOUBLE_EQ(j["camera_ms_median"].get<double>(), 100);
}
