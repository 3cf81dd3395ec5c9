#include "gui/station_window.hpp"

#include "gui/capture_bench.hpp"
#include "gui/frame_bench.hpp"
#include "gui/panels.hpp"
#include "gui/redraw_schedule.hpp"
#include "gui/ui_state_export.hpp"
#include "pipeline/atomic_file.hpp"
#include "pipeline/errors.hpp"

#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>

#include <cstdlib>
#include <ctime>

namespace facet::station {

namespace {

using Clock = std::chrono::steady_clock;

// Reads the back buffer (call after rendering, before the swap) into a PNG, plus PATH.json.
void saveScreenshot(const std::string& path, int w, int h, const Station& station, const StationView& view) {
    cv::Mat rgba(h, w, CV_8UC4);
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data);
    cv::Mat bgr;
    cv::flip(rgba, rgba, 0);
    cv::cvtColor(rgba, bgr, cv::COLOR_RGBA2BGR);
    writeAtomically(path, [&](const std::string& tmp) {
        if (!cv::imwrite(tmp, bgr)) throw OutputError("cannot write the screenshot " + path);
    });
    writeBytesAtomically(path + ".json", uiState(station, view, w, h).dump(2) + "\n");
}

// Runs a script one action at a time between window frames; waits are polled, never blocking.
class ScriptRunner {
public:
    ScriptRunner(std::vector<ScriptAction> actions, double timeoutSeconds)
        : actions_(std::move(actions)), timeout_(timeoutSeconds) {}

    bool done() const { return next_ >= actions_.size() && !waiting_; }
    bool failed() const { return !error_.empty(); }
    const std::string& error() const { return error_; }
    bool quitRequested() const { return quit_; }
    std::string takeScreenshotRequest() { return std::exchange(screenshot_, ""); }

    // Called once per window frame before drawing.
    void step(Station& station, StationView& view, int windowW, int windowH) {
        if (failed() || quit_) return;
        if (waiting_) {
            bool over = false;
            try {
                over = waitOver(station, view);
            } catch (const std::exception& e) {
                error_ = "line " + std::to_string(actions_[next_ - 1].line) + ": " + e.what();
                return;
            }
            if (!over) {
                // Plates and cutouts of big captures take their time; a missing frame does not.
                const double limit = (waitKind_ == "wait-plate" || waitKind_ == "wait-cutout") ? 5 * timeout_ : timeout_;
                if (std::chrono::duration<double>(Clock::now() - waitStart_).count() > limit)
                    error_ = "line " + std::to_string(actions_[next_ - 1].line) + ": '" + actions_[next_ - 1].verb +
                             "' still waiting after " + std::to_string(int(limit)) + " s";
                return;
            }
            waiting_ = false;
        }
        // Run actions until one waits or asks for a screenshot (taken at the end of this frame).
        while (next_ < actions_.size() && !waiting_ && screenshot_.empty() && !quit_ && !failed()) {
            const ScriptAction& a = actions_[next_++];
            try {
                run(a, station, view, windowW, windowH);
            } catch (const std::exception& e) {
                error_ = "line " + std::to_string(a.line) + ": " + e.what();
            }
        }
    }

private:
    bool waitOver(Station& station, const StationView& view) {
        if (waitFrames_ > 0) return --waitFrames_ == 0;
        if (waitKind_ == "wait-live") {
            const CameraStatus cam = station.status().camera;
            if (cam.state == CameraState::NoCamera || cam.state == CameraState::Failed)
                throw InputError(std::string("no live view: ") + cameraStateName(cam.state) + ": " + cam.message);
            return view.liveImageOnScreen;
        }
        if (waitKind_ == "wait-check") {
            if (auto live = station.live())
                for (const auto& c : live->checks)
                    if (c.verdict != Verdict::Unknown && c.verdict >= waitVerdict_ && c.message.find(waitText_) != std::string::npos)
                        return true;
            return false;
        }
        if (waitKind_ == "overlays")
            return !station.live() || (view.liveShown && view.liveShownOverlays == station.overlayBits());
        if (waitKind_ == "wait-plate") {
            // capturePlate() shows "Capturing the ... plate" until the frames are averaged or one failed.
            return !station.status().guidance.prompt.starts_with("Capturing");
        }
        if (waitKind_ == "wait-cutout") return station.capturesFinished() >= capturesIssued_ && !station.status().cutoutRunning;
        return true;
    }

    void wait(const std::string& kind, int frames = 0) {
        waiting_ = true;
        waitKind_ = kind;
        waitFrames_ = frames;
        waitStart_ = Clock::now();
    }

    void run(const ScriptAction& a, Station& station, StationView& view, int windowW, int windowH) {
        const auto& v = a.verb;
        auto on = [&](size_t i) { return a.args[i] == "on"; };
        if (v == "overlay") {
            const OverlayInfo* o = overlayNamed(a.args[0]);
            station.setOverlays(on(1) ? station.overlayBits() | o->bit : station.overlayBits() & ~o->bit);
            wait("overlays");  // until the worker recomposed and the window shows it
        } else if (v == "capture") {
            station.capture();
            ++capturesIssued_;
        } else if (v == "plate") {
            station.capturePlate();
        } else if (v == "wait-check") {
            waitVerdict_ = a.args[0] == "fail" ? Verdict::Fail : Verdict::Warn;
            waitText_.clear();
            for (size_t i = 1; i < a.args.size(); ++i) waitText_ += (waitText_.empty() ? "" : " ") + a.args[i];
            wait(v);
        } else if (v == "wait-live" || v == "wait-cutout" || v == "wait-plate") {
            wait(v);
        } else if (v == "wait-frames") {
            wait("frames", std::max(1, std::stoi(a.args[0])));
        } else if (v == "inspect") {
            view.view = MainView::Inspector;
            wait("frames", 2);
        } else if (v == "live") {
            view.view = MainView::Live;
            wait("frames", 2);
        } else if (v == "zoom") {
            inspectorZoom(view, std::stod(a.args[0]));
        } else if (v == "pan") {
            view.inspector.centre = cv::Point2d(std::stod(a.args[0]), std::stod(a.args[1]));
        } else if (v == "region") {
            auto c = station.cutout();
            if (!c || std::stoi(a.args[0]) < 1 || std::stoi(a.args[0]) > int(c->review.size()))
                throw InputError("there is no review region " + a.args[0]);
            inspectorJumpToRegion(view, *c, std::stoi(a.args[0]) - 1);
        } else if (v == "background") {
            const std::string& b = a.args[0];
            auto& in = view.inspector;
            if (b == "checker") in.background = InspectorBackground::Checker;
            else if (b == "white") in.background = InspectorBackground::White;
            else if (b == "black") in.background = InspectorBackground::Black;
            else {
                in.background = InspectorBackground::Custom;
                for (int i = 0; i < 3; ++i) in.custom[i] = std::stoi(b.substr(1 + 2 * i, 2), nullptr, 16) / 255.f;
            }
        } else if (v == "before-after") {
            view.inspector.showBefore = on(0);
        } else if (v == "confidence") {
            view.inspector.showConfidence = on(0);
        } else if (v == "simulate") {
            std::string what;
            for (const auto& w : a.args) what += (what.empty() ? "" : " ") + w;
            station.simulate(what);
        } else if (v == "profile") {
            station.selectProfile(a.args[0]);
        } else if (v == "setting") {
            std::string value;
            for (size_t i = 1; i < a.args.size(); ++i) value += (i > 1 ? " " : "") + a.args[i];
            station.changeSetting(a.args[0], value);
        } else if (v == "accept" || v == "reject") {
            const auto entries = station.collection();
            if (entries.empty()) throw InputError("nothing to " + v + ": the collection is empty");
            v == "accept" ? station.accept(entries.back().captureId) : station.reject(entries.back().captureId);
        } else if (v == "strict") {
            station.setStrictCollection(on(0));
        } else if (v == "screenshot") {
            screenshot_ = a.args[0];
        } else if (v == "state") {
            writeBytesAtomically(a.args[0], uiState(station, view, windowW, windowH).dump(2) + "\n");
        } else if (v == "quit") {
            quit_ = true;
        }
    }

    std::vector<ScriptAction> actions_;
    double timeout_;
    size_t next_ = 0;
    bool waiting_ = false, quit_ = false;
    std::string waitKind_, waitText_, screenshot_, error_;
    Verdict waitVerdict_ = Verdict::Warn;
    int waitFrames_ = 0;
    uint64_t capturesIssued_ = 0;
    Clock::time_point waitStart_;
};

void layoutAndDraw(Station& station, StationView& view, int w, int h) {
    const float toolbarH = 46, statusH = 34, filmH = 190, sideW = 400;
    const ScreenRect toolbar{0, 0, float(w), toolbarH};
    const ScreenRect main{0, toolbarH, w - sideW, h - toolbarH - statusH - filmH};
    const ScreenRect side{w - sideW, toolbarH, sideW, h - toolbarH - statusH - filmH};
    const ScreenRect film{0, h - statusH - filmH, float(w), filmH};
    const ScreenRect statusBar{0, h - statusH, float(w), statusH};
    view.liveArea = main;

    const StationStatus status = station.status();
    const auto live = station.live();
    drawToolbar(station, view, toolbar);
    if (view.view == MainView::Live)
        drawLiveView(station, view, live.get(), status, main);
    else {
        view.liveImageOnScreen = false;
        view.shownCutout = station.cutout();
        drawCutoutInspector(station, view, view.shownCutout.get(), main);
    }
    if (beginPanel("##side", side)) {
        for (const auto& p : status.problems) {
            ImGui::PushStyleColor(ImGuiCol_Text, verdictColour(Verdict::Fail));
            ImGui::TextWrapped("%s", p.c_str());
            ImGui::PopStyleColor();
            ImGui::Separator();
        }
        drawChecksPanel(live.get(), view);
        ImGui::Separator();
        drawCameraPanel(station, status);
        ImGui::Separator();
        drawProfilePanel(station, status);
    }
    ImGui::End();
    drawCollectionPanel(station, view, film);
    drawStatusBar(status, live.get(), view, statusBar);
    handleShortcuts(station, view);
}

// CPU time of the calling thread: under a loaded machine wall time measures the neighbours too.
double threadCpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

double msBetween(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

double loadAverage() {
    double load[1] = {-1};
    getloadavg(load, 1);
    return load[0];
}

// Any input asks for a few frames (ImGui reads the mouse and keys while it builds a frame).
// Installed before ImGui's backend, which chains the callbacks it installs itself.
void noteInput(GLFWwindow* window) {
    if (auto* schedule = static_cast<RedrawSchedule*>(glfwGetWindowUserPointer(window))) schedule->inputArrived();
}

void listenForInput(GLFWwindow* window, RedrawSchedule* schedule) {
    glfwSetWindowUserPointer(window, schedule);
    glfwSetCursorPosCallback(window, [](GLFWwindow* w, double, double) { noteInput(w); });
    glfwSetMouseButtonCallback(window, [](GLFWwindow* w, int, int, int) { noteInput(w); });
    glfwSetScrollCallback(window, [](GLFWwindow* w, double, double) { noteInput(w); });
    glfwSetKeyCallback(window, [](GLFWwindow* w, int, int, int, int) { noteInput(w); });
    glfwSetCharCallback(window, [](GLFWwindow* w, unsigned) { noteInput(w); });
    glfwSetWindowFocusCallback(window, [](GLFWwindow* w, int) { noteInput(w); });
    glfwSetCursorEnterCallback(window, [](GLFWwindow* w, int) { noteInput(w); });
    glfwSetFramebufferSizeCallback(window, [](GLFWwindow* w, int, int) { noteInput(w); });
    glfwSetWindowRefreshCallback(window, [](GLFWwindow* w) { noteInput(w); });
}

// While the window is open, every Station change posts it an empty event: that wakes
// glfwWaitEventsTimeout at once (GLFW allows it from any thread).
struct WakeOnStationChange {
    Station& station;
    explicit WakeOnStationChange(Station& s) : station(s) { station.setChangeListener([] { glfwPostEmptyEvent(); }); }
    ~WakeOnStationChange() { station.setChangeListener(nullptr); }
};

void countDrawData(FrameTimes& t) {
    const ImDrawData* data = ImGui::GetDrawData();
    t.triangles = data->TotalIdxCount / 3;
    for (int i = 0; i < data->CmdListsCount; ++i) t.drawCalls += data->CmdLists[i]->CmdBuffer.Size;
}

}  // namespace

int runStationWindow(Station& station, const WindowOptions& options) {
    glfwSetErrorCallback([](int code, const char* text) { std::cerr << "GLFW error " << code << ": " << text << "\n"; });
    if (!glfwInit())
        throw OutputError("cannot open the station window: no display (is DISPLAY set? under ssh or CI use xvfb-run)");
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    GLFWwindow* window = glfwCreateWindow(options.width, options.height, "Facet station", nullptr, nullptr);
    if (!window) {
        glfwTerminate();
        throw OutputError("cannot open the station window: OpenGL 3.3 core is not available on this display");
    }
    glfwMakeContextCurrent(window);
    // The swap never waits for a vertical blank: the loop paces itself (RedrawSchedule), so the UI
    // thread is never parked in the driver and wakes at once for input or a new live frame.
    glfwSwapInterval(0);
    RedrawSchedule schedule;
    listenForInput(window, &schedule);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // the layout is fixed: nothing to remember between sessions
    const char* font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    if (std::filesystem::exists(font))
        io.Fonts->AddFontFromFileTTF(font, 17.0f);  // readable from the set, a metre or two away
    else
        io.FontGlobalScale = 1.3f;
    applyTheme(1.0f);
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");

    int exitCode = 0;
    {
        StationView view;
        ScriptRunner script(options.script, options.scriptTimeoutSeconds);
        const bool scripted = !options.script.empty();
        // A script counts frames and polls its waits each frame, a screenshot is taken after so many
        // frames: those draw every frame they may. Otherwise only when something changed.
        schedule.setContinuous(scripted || !options.screenshotPath.empty());
        WakeOnStationChange wake(station);
        FrameBench bench(options.benchFrames);
        CaptureBench captureBench(options.benchCaptures);
        int frame = 0;
        while (!glfwWindowShouldClose(window)) {
            glfwPollEvents();
            const auto now = Clock::now();
            if (!schedule.due(now, station.changes())) {
                glfwWaitEventsTimeout(std::chrono::duration<double>(schedule.nextLook(now, station.changes()) - now).count());
                continue;
            }
            const auto t0 = Clock::now();
            const double cpu0 = threadCpuMs();
            schedule.frameStarted(t0, station.changes());
            const uint64_t liveBefore = view.liveShown;
            int w, h;
            glfwGetFramebufferSize(window, &w, &h);
            if (scripted) script.step(station, view, w, h);
            if (captureBench.active()) captureBench.see(station.cutout());
            ImGui_ImplOpenGL3_NewFrame();
            ImGui_ImplGlfw_NewFrame();
            ImGui::NewFrame();
            layoutAndDraw(station, view, w, h);
            ImGui::Render();
            const auto tBuilt = Clock::now();
            glViewport(0, 0, w, h);
            const ImVec4 grey = panelBackground();  // the panels' background (they draw none)
            glClearColor(grey.x, grey.y, grey.z, 1.f);
            glClear(GL_COLOR_BUFFER_BIT);
            ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
            if (bench.active()) glFinish();  // to tell rendering from the swap; the swap waits for it anyway
            const auto tRendered = Clock::now();
            ++frame;
            if (scripted) {
                if (auto path = script.takeScreenshotRequest(); !path.empty()) saveScreenshot(path, w, h, station, view);
                if (script.failed()) {
                    std::cerr << "facet station: script " << script.error() << "\n";
                    exitCode = 1;
                    break;
                }
                if (script.quitRequested()) break;
            }
            if (!options.screenshotPath.empty() && frame >= options.afterFrames) {
                saveScreenshot(options.screenshotPath, w, h, station, view);
                break;
            }
            glfwSwapBuffers(window);
            if (bench.active()) {
                glFinish();
                const auto tEnd = Clock::now();
                FrameTimes t;
                t.wallMs = msBetween(t0, tEnd);
                t.cpuMs = threadCpuMs() - cpu0;
                t.buildMs = msBetween(t0, tBuilt);
                t.renderMs = msBetween(tBuilt, tRendered);
                t.swapMs = msBetween(tRendered, tEnd);
                t.newLiveFrame = view.liveShown != liveBefore;
                countDrawData(t);
                bench.add(t);
                if (bench.done()) break;
            }
        }
        if (bench.active()) {
            const StationStatus s = station.status();
            nlohmann::json j = bench.report();
            j["load_average_1min"] = loadAverage();
            j["camera_fps"] = s.liveFps;
            j["pipeline_ms_last"] = s.pipelineMs;
            j["camera"] = cameraStateName(s.camera.state);
            j["window"] = {options.width, options.height};
            if (auto live = station.live(); live && !live->frame.empty())
                j["live_view"] = {live->frame.cols, live->frame.rows};
            std::cout << j.dump(2) << "\n";
            if (!options.benchJson.empty()) writeBytesAtomically(options.benchJson, j.dump(2) + "\n");
        }
        if (captureBench.active() && exitCode == 0) {
            nlohmann::json j = captureBench.report();
            j["load_average_1min"] = loadAverage();
            std::cout << j.dump(2) << "\n";
            if (!options.benchJson.empty()) writeBytesAtomically(options.benchJson, j.dump(2) + "\n");
        }
        // Textures in `view` are released here, while the GL context still exists.
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwSetWindowUserPointer(window, nullptr);
    glfwDestroyWindow(window);
    glfwTerminate();
    return exitCode;
}

}  // namespace facet::station
