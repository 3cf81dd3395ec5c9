// Capture speed. Run:  build/bench/facet_bench --benchmark_filter=Capture --benchmark_repetitions=5
//   LiveView*:  what the camera thread adds per live frame beyond the camera itself (the camera
//               here answers at once, so all time measured is the thread's: queue, publish, wake);
//               and for context the same through libgphoto2 against facet-ptpip-sim, direct vs
//               through the thread.
//   Capture24MP: the simulated studio camera at 6000x4000: capture, download, keep on disk
//               (temporary name, fsync, rename, journal); and the same followed by the cutout.
#include "capture/camera_thread.hpp"
#include "capture/capture_cutout.hpp"
#include "capture/capture_session.hpp"
#include "capture/gphoto2_camera.hpp"
#include "capture/simulated_studio_camera.hpp"

#include <benchmark/benchmark.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <random>
#include <thread>

extern char** environ;

namespace fs = std::filesystem;
using namespace facet::capture;
using namespace std::chrono_literals;

namespace {

// A camera whose live frames cost nothing: whatever the thread adds is all that is measured.
class InstantCamera : public Camera {
public:
    InstantCamera() {
        frame_.image = cv::Mat(680, 1024, CV_8UC3, cv::Scalar(20, 20, 20));
        frame_.jpeg.assign(120000, 0xAB);
    }
    CameraInfo info() const override { return {"instant", "none", "bench"}; }
    std::vector<Setting> settings() override { return {}; }
    Setting setting(SettingKind) override { throw CameraError(CameraFault::NotSupported, "none"); }
    void set(SettingKind, const std::string&) override {}
    LiveFrame liveFrame() override {
        LiveFrame f = frame_;  // the pixels are shared, as a decoded frame handed on would be
        f.sequence = ++sequence_;
        f.at = std::chrono::steady_clock::now();
        return f;
    }
    std::vector<CameraFileRef> capture() override { return {}; }
    std::vector<uint8_t> download(const CameraFileRef&) override { return {}; }
    void deleteFromCamera(const CameraFileRef&) override {}
    std::vector<CameraFileRef> waitForBodyShots(std::chrono::milliseconds) override { return {}; }
    bool reopen() override { return true; }

private:
    LiveFrame frame_;
    uint64_t sequence_ = 0;
};

FileKeeper discardingKeeper() {
    return [](const CameraFileRef& f, const std::vector<uint8_t>&, uint64_t s) { return StoredFile{f, "", s}; };
}

// Each iteration: until the consumer sees a frame newer than the last one it saw.
void waitForNextFrame(CameraThread& thread, uint64_t& seen) {
    for (;;) {
        auto f = thread.newestFrame();
        if (f && f->sequence > seen) {
            seen = f->sequence;
            return;
        }
        std::this_thread::yield();
    }
}

void BM_CaptureLiveViewThreadOverhead(benchmark::State& state) {
    CameraThread thread(std::make_unique<InstantCamera>(), discardingKeeper());
    thread.setLiveView(true);
    uint64_t seen = 0;
    for (auto _ : state) waitForNextFrame(thread, seen);
    thread.setLiveView(false);
}
BENCHMARK(BM_CaptureLiveViewThreadOverhead)->Unit(benchmark::kMicrosecond)->UseRealTime();

struct Simulator {
    pid_t pid = -1;
    int port = 0;
    Simulator() {
        fs::path exe = fs::read_symlink("/proc/self/exe").parent_path();
        fs::path sim = fs::exists(exe / "facet-ptpip-sim") ? exe / "facet-ptpip-sim" : exe.parent_path() / "facet-ptpip-sim";
        std::string s = sim.string();
        std::vector<std::string> args = {s, "--port", "0", "--idle-seconds", "30", "--sessions", "10"};
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        int fds[2];
        if (pipe(fds) != 0) return;
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
        if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid = -1;
        posix_spawn_file_actions_destroy(&actions);
        close(fds[1]);
        FILE* out = fdopen(fds[0], "r");
        char line[128] = {0};
        if (!fgets(line, sizeof line, out) || std::sscanf(line, "listening on %d", &port) != 1) port = 0;
        fclose(out);
    }
    ~Simulator() {
        if (pid > 0) {
            kill(pid, SIGTERM);
            waitpid(pid, nullptr, 0);
        }
    }
    Gphoto2Options options() const {
        Gphoto2Options o;
        o.model = "PTP/IP Camera";
        o.port = "ptpip:127.0.0.1:" + std::to_string(port) + ":" + std::to_string(port);
        return o;
    }
};

void BM_CaptureLiveViewGphoto2Direct(benchmark::State& state) {
    Simulator sim;
    if (!sim.port) return state.SkipWithError("facet-ptpip-sim did not start");
    Gphoto2Camera camera(sim.options());
    for (auto _ : state) benchmark::DoNotOptimize(camera.liveFrame());
}
BENCHMARK(BM_CaptureLiveViewGphoto2Direct)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CaptureLiveViewGphoto2ThroughThread(benchmark::State& state) {
    Simulator sim;
    if (!sim.port) return state.SkipWithError("facet-ptpip-sim did not start");
    CameraThread thread(std::make_unique<Gphoto2Camera>(sim.options()), discardingKeeper());
    thread.setLiveView(true);
    uint64_t seen = 0;
    for (auto _ : state) waitForNextFrame(thread, seen);
    thread.setLiveView(false);
}
BENCHMARK(BM_CaptureLiveViewGphoto2ThroughThread)->Unit(benchmark::kMillisecond)->UseRealTime();

StudioSimulationOptions camera24MP() {
    StudioSimulationOptions o;
    o.captureSize = {6000, 4000};
    o.captureSupersample = 1;
    return o;
}

// Capture -> download -> on disk (fsync'd, journalled) -> camera copy deleted, at 24 MP.
void BM_Capture24MPToDisk(benchmark::State& state) {
    fs::path dir = fs::temp_directory_path() / ("facet-bench-capture-" + std::to_string(getpid()));
    CaptureSession session({dir.string(), "bench", "sku", "{collection}_{sku}_{seq:04}.{ext}", ""});
    auto camera = std::make_unique<SimulatedStudioCamera>(camera24MP());
    camera->exposeLinear(false);  // the scene is rendered once per settings change: not per capture
    CameraThread thread(std::move(camera), session.keeper());
    for (auto _ : state) {
        auto files = thread.capture().get();
        benchmark::DoNotOptimize(files);
    }
    fs::remove_all(dir);
}
BENCHMARK(BM_Capture24MPToDisk)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);

// The whole path: capture at 24 MP, kept on disk, then the cutout written beside it.
void BM_Capture24MPToCutout(benchmark::State& state) {
    fs::path dir = fs::temp_directory_path() / ("facet-bench-cutout-" + std::to_string(getpid()));
    CaptureSession session({dir.string(), "bench", "sku", "{collection}_{sku}_{seq:04}.{ext}", ""});
    auto camera = std::make_unique<SimulatedStudioCamera>(camera24MP());
    camera->exposeLinear(false);
    CameraThread thread(std::move(camera), session.keeper());
    CutoutSetup setup;
    setup.folder = (dir / "cutouts").string();
    for (auto _ : state) {
        auto files = thread.capture().get();
        auto done = cutOutCapture(files.front().path, setup);
        benchmark::DoNotOptimize(done);
    }
    fs::remove_all(dir);
}
BENCHMARK(BM_Capture24MPToCutout)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace
