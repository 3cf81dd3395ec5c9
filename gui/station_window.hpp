#pragma once
// The station window: GLFW + OpenGL 3.3 core + Dear ImGui 1.86, drawn each frame from the
// Station's newest snapshots. Scripts, screenshots and the frame-time benchmark run here too,
// so tests drive the real window.
#include "gui/station.hpp"
#include "gui/station_script.hpp"

#include <string>
#include <vector>

namespace facet::station {

struct WindowOptions {
    int width = 1600, height = 1000;
    std::vector<ScriptAction> script;
    std::string screenshotPath;      // --screenshot: saved after `afterFrames` frames, then the window closes
    int afterFrames = 60;
    int benchFrames = 0;             // --bench-frames: measure this many paced frames, then close
    int benchCaptures = 0;           // --bench-capture: capture this many times (after a warm-up), time each cutout shown
    std::string benchJson;           // where the benchmark's numbers go
    double scriptTimeoutSeconds = 60;
};

// Runs until the window is closed, the script says quit (or fails), or the screenshot/benchmark
// is done. Returns the process exit code; throws OutputError when no window can be opened.
int runStationWindow(Station& station, const WindowOptions& options);

}  // namespace facet::station
