// When the window draws: only for something new (a Station change, input and a few frames after
// it), a slow refresh otherwise, and never two frames closer than the minimum interval.
#include "gui/redraw_schedule.hpp"

#include <gtest/gtest.h>

using namespace facet::station;
using namespace std::chrono_literals;
using Clock = RedrawSchedule::Clock;

namespace {

RedrawSchedule::Limits limits() {
    RedrawSchedule::Limits l;
    l.minInterval = 10ms;
    l.idleRefresh = 200ms;
    l.framesAfterInput = 2;
    return l;
}

}  // namespace

TEST(RedrawSchedule, DrawsTheFirstFrameAtOnce) {
    RedrawSchedule s(limits());
    const auto t = Clock::now();
    EXPECT_TRUE(s.due(t, 0));
    EXPECT_EQ(s.nextLook(t, 0), t);
}

TEST(RedrawSchedule, NothingNewWaitsForTheIdleRefresh) {
    RedrawSchedule s(limits());
    const auto t = Clock::now();
    s.frameStarted(t, 5);
    EXPECT_FALSE(s.due(t + 50ms, 5));
    EXPECT_FALSE(s.due(t + 199ms, 5));
    EXPECT_EQ(s.nextLook(t + 50ms, 5), t + 200ms);
    EXPECT_TRUE(s.due(t + 200ms, 5));
}

TEST(RedrawSchedule, AStationChangeDrawsOnceTheMinimumIntervalPassed) {
    RedrawSchedule s(limits());
    const auto t = Clock::now();
    s.frameStarted(t, 5);
    EXPECT_FALSE(s.due(t + 4ms, 6));            // too soon after the last frame
    EXPECT_EQ(s.nextLook(t + 4ms, 6), t + 10ms);
    EXPECT_TRUE(s.due(t + 10ms, 6));
    s.frameStarted(t + 10ms, 6);
    EXPECT_FALSE(s.due(t + 30ms, 6));           // shown: nothing new any more
}

TEST(RedrawSchedule, InputDrawsAFewFramesThenStops) {
    RedrawSchedule s(limits());
    auto t = Clock::now();
    s.frameStarted(t, 1);
    s.inputArrived();
    for (int i = 0; i < 2; ++i) {
        t += 10ms;
        ASSERT_TRUE(s.due(t, 1)) << "frame " << i << " after the input";
        s.frameStarted(t, 1);
    }
    EXPECT_FALSE(s.due(t + 10ms, 1));
}

TEST(RedrawSchedule, ContinuousDrawsAtTheMinimumIntervalWithoutChanges) {
    RedrawSchedule s(limits());
    s.setContinuous(true);
    const auto t = Clock::now();
    s.frameStarted(t, 1);
    EXPECT_FALSE(s.due(t + 5ms, 1));
    EXPECT_TRUE(s.due(t + 10ms, 1));
}

TEST(RedrawSchedule, NextLookIsNeverInThePast) {
    RedrawSchedule s(limits());
    const auto t = Clock::now();
    s.frameStarted(t, 1);
    EXPECT_EQ(s.nextLook(t + 1s, 1), t + 1s);
}
