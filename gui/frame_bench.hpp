#pragma once
// The window's frame-time benchmark (--bench-frames N): what each drawn frame cost, from the
// moment the window woke up to draw it until it was on screen (glFinish after the swap). Time
// spent asleep between frames is not a frame's; frames are drawn when something changed
// (redraw_schedule.hpp), so nearly every measured frame uploads and draws a new live frame.
#include <nlohmann/json.hpp>

#include <chrono>
#include <vector>

namespace facet::station {

struct FrameTimes {
    double wallMs = 0;      // the whole frame: events, ImGui build, upload, render, swap
    double cpuMs = 0;       // the UI thread's own CPU (llvmpipe rasterises on threads of its own)
    double buildMs = 0;     // ImGui build of all panels, texture uploads included
    double renderMs = 0;    // GL render of the draw lists until finished (glFinish)
    double swapMs = 0;      // glfwSwapBuffers: the copy to the X server under Xvfb
    int triangles = 0;      // in ImGui's draw lists
    int drawCalls = 0;
    bool newLiveFrame = false;  // this frame uploaded and showed a live frame not shown before
};

class FrameBench {
public:
    explicit FrameBench(int frames) : wanted_(frames) {}
    bool active() const { return wanted_ > 0; }
    bool done() const { return active() && int(frames_.size()) >= wanted_; }
    void add(const FrameTimes& t);
    // Medians and tails of the frames measured, and how often the live view changed on screen.
    nlohmann::json report() const;

private:
    using Clock = std::chrono::steady_clock;
    int wanted_;
    std::vector<FrameTimes> frames_;
    Clock::time_point first_, last_;
};

double percentile(std::vector<double> values, double p);  // p in 0..1, nearest rank; 0 when empty

}  // namespace facet::station
