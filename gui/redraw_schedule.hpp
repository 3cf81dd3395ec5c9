#pragma once
// When the station window draws. Without a GPU a frame costs the software renderer ~10 ms of
// both cores' time, taken from the live checks and the cutout, so the window draws only when
// there is something new to show: a change in the Station (a live frame, a cutout, an event),
// input from the photographer (and a few frames after it, while ImGui settles hovers, clicks and
// opening menus), or a slow refresh; never more often than `minInterval` apart. Between frames
// the window sleeps in glfwWaitEventsTimeout: it never spins. No GLFW here: testable headless.
#include <chrono>
#include <cstdint>

namespace facet::station {

class RedrawSchedule {
public:
    using Clock = std::chrono::steady_clock;

    struct Limits {
        Clock::duration minInterval = std::chrono::microseconds(16667);  // at most 60 frames a second
        Clock::duration idleRefresh = std::chrono::milliseconds(250);    // clocks, disk space, counters
        int framesAfterInput = 3;
    };

    RedrawSchedule() = default;
    explicit RedrawSchedule(Limits limits) : limits_(limits) {}

    // Scripts and screenshots draw every frame they may (a script waits a number of frames).
    void setContinuous(bool continuous) { continuous_ = continuous; }
    // The photographer moved the mouse, clicked, typed, or the window changed.
    void inputArrived() { inputFramesLeft_ = limits_.framesAfterInput; }

    // Whether a frame should start now, given the Station's change count.
    bool due(Clock::time_point now, uint64_t stationChanges) const;
    // The latest time to look again when not due (input and Station changes wake the window
    // earlier); never in the past.
    Clock::time_point nextLook(Clock::time_point now, uint64_t stationChanges) const;
    // A frame started at `start` and shows the Station as of `stationChanges`.
    void frameStarted(Clock::time_point start, uint64_t stationChanges);

private:
    bool somethingNew(uint64_t stationChanges) const {
        return continuous_ || inputFramesLeft_ > 0 || stationChanges != shownChanges_;
    }

    Limits limits_;
    bool continuous_ = false;
    bool anyFrame_ = false;
    int inputFramesLeft_ = 0;
    uint64_t shownChanges_ = 0;
    Clock::time_point lastStart_{};
};

}  // namespace facet::station
