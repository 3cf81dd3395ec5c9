// The frame-time benchmark's arithmetic: nearest-rank percentiles and the live frames counted.
#include "gui/frame_bench.hpp"

#include <gtest/gtest.h>

using namespace facet::station;

TEST(FrameBench, PercentilesByNearestRank) {
    std::vector<double> v;
    for (int i = 100; i >= 1; --i) v.push_back(i);  // unsorted on purpose
    EXPECT_DOUBLE_EQ(percentile(v, 0.5), 51);
    EXPECT_DOUBLE_EQ(percentile(v, 0.99), 99);
    EXPECT_DOUBLE_EQ(percentile(v, 1.0), 100);
    EXPECT_DOUBLE_EQ(percentile({}, 0.5), 0);
}

TEST(FrameBench, ReportsTheFramesAndHowManyShowedANewLiveFrame) {
    FrameBench bench(3);
    EXPECT_TRUE(bench.active());
    for (int i = 0; i < 3; ++i) {
        EXPECT_FALSE(bench.done());
        FrameTimes t;
        t.wallMs = 10 + i;
        t.renderMs = 5;
        t.newLiveFrame = i != 1;
        bench.add(t);
    }
    EXPECT_TRUE(bench.done());
    const auto j = bench.report();
    EXPECT_EQ(j["frames"], 3);
    EXPECT_DOUBLE_EQ(j["ui_frame_ms_median"].get<double>(), 11);
    EXPECT_DOUBLE_EQ(j["ui_frame_ms_max"].get<double>(), 12);
    EXPECT_DOUBLE_EQ(j["gl_render_ms_median"].get<double>(), 5);
    EXPECT_EQ(j["frames_with_a_new_live_frame"], 2);
    EXPECT_FALSE(FrameBench(0).active());
}
