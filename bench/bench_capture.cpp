// Capture speed. Run:  build/bench/facet_bench --benchmark_filter=Capture --benchmark_repetitions=5
//   LiveView*:  what the camera thread adds per live frame beyond the camera itself: the time
//               from "the camera call returned the frame" to "the consumer holds it"; and for
//               context, frames per second through libgphoto2 against facet-ptpip-sim, direct vs
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

// A camera whose live frames come at a body's cadence (the wait is the camera's, not CPU) and
// cost nothing to make: whatever happens between "the camera has the frame" and "the consumer
// holds it" is the thread's.
class CadencedCamera : public Camera {
public:
    explicit CadencedCamera(std::chrono::milliseconds period) : period_(period) {
        frame_.image = cv::Mat(680, 1024, CV_8UC3, cv::Scalar(20, 20, 20));
        frame_.jpeg.assign(120000, 0xAB);
    }
    CameraInfo info() const override { return {"instant", "none", "bench"}; }
    std::vector<Setting> settings() override { return {}; }
    Setting setting(SettingKind) override { throw CameraError(CameraFault::NotSupported, "none"); }
    void set(SettingKind, const std::string&) override {}
    LiveFrame liveFrame() override {
        std::this_thread::sleep_for(period_);
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
    std::chrono::milliseconds period_;
    LiveFrame frame_;
    uint64_t sequence_ = 0;
};

FileKeeper discardingKeeper() {
    return [](const CameraFileRef& f, const std::vector<uint8_t>&, uint64_t s) { return StoredFile{f, "", s}; };
}

// Each iteration: until the consumer sees a frame newer than the last one it saw.
void waitForNextFrame(CameraThread& thread, uint64_t& seen) {
    auto f = thread.waitForNewFrame(seen, std::chrono::seconds(5));
    if (f) seen = f->sequence;
}

// Per frame: from the moment the camera call returned the frame to the moment the consumer
// holds it (queue, publish, wake-up), at a 30 fps body's cadence.
void BM_CaptureLiveViewThreadOverhead(benchmark::State& state) {
    CameraThread thread(std::make_unique<CadencedCamera>(std::chrono::milliseconds(33)), discardingKeeper());
    thread.setLiveView(true);
    uint64_t seen = 0;
    for (auto _ : state) {
        auto f = thread.waitForNewFrame(seen, std::chrono::seconds(5));
        if (!f) return state.SkipWithError("no live frame within 5 s");
        seen = f->sequence;
        state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - f->at).count());
    }
    thread.setLiveView(false);
}
BENCHMARK(BM_CaptureLiveViewThreadOverhead)->Unit(benchmark::kMicrosecond)->UseManualTime()->Iterations(100);

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

// One 24 MP studio for every repetition: its scene is rendered once (about half a minute),
// as a session renders once per change of set-up, not per capture.
SimulatedStudioCamera& studio24MP() {
    static SimulatedStudioCamera camera = [] {
        StudioSimulationOptions o;
        o.captureSize = {6000, 4000};
        o.captureSupersample = 1;
        return SimulatedStudioCamera(o);
    }();
    static bool rendered = (camera.exposeEncoded(false, CV_8U), true);
    (void)rendered;
    return camera;
}

// Lends the shared studio to a CameraThread, which wants to own its camera.
class BorrowedCamera : public Camera {
public:
    explicit BorrowedCamera(Camera& inner) : inner_(inner) {}
    CameraInfo info() const override { return inner_.info(); }
    std::vector<Setting> settings() override { return inner_.settings(); }
    Setting setting(SettingKind k) override { return inner_.setting(k); }
    void set(SettingKind k, const std::string& v) override { inner_.set(k, v); }
    LiveFrame liveFrame() override { return inner_.liveFrame(); }
    std::vector<CameraFileRef> capture() override { return inner_.capture(); }
    std::vector<uint8_t> download(const CameraFileRef& f) override { return inner_.download(f); }
    void deleteFromCamera(const CameraFileRef& f) override { inner_.deleteFromCamera(f); }
    std::vector<CameraFileRef> waitForBodyShots(std::chrono::milliseconds t) override { return inner_.waitForBodyShots(t); }
    bool reopen() override { return inner_.reopen(); }

private:
    Camera& inner_;
};

// Capture -> download -> on disk (fsync'd, journalled) -> camera copy deleted, at 24 MP.
void BM_Capture24MPToDisk(benchmark::State& state) {
    fs::path dir = fs::temp_directory_path() / ("facet-bench-capture-" + std::to_string(getpid()));
    CaptureSession session({dir.string(), "bench", "sku", "{collection}_{sku}_{seq:04}.{ext}", ""});
    CameraThread thread(std::make_unique<BorrowedCamera>(studio24MP()), session.keeper());
    for (auto _ : state) {
        auto files = thread.capture().get();
        benchmark::DoNotOptimize(files);
    }
    fs::remove_all(dir);
}
BENCHMARK(BM_Capture24MPToDisk)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

// The whole path: capture at 24 MP, kept on disk, then the cutout written beside it.
void BM_Capture24MPToCutout(benchmark::State& state) {
    fs::path dir = fs::temp_directory_path() / ("facet-bench-cutout-" + std::to_string(getpid()));
    CaptureSession session({dir.string(), "bench", "sku", "{collection}_{sku}_{seq:04}.{ext}", ""});
    CameraThread thread(std::make_unique<BorrowedCamera>(studio24MP()), session.keeper());
    CutoutSetup setup;
    setup.folder = (dir / "cutouts").string();
    for (auto _ : state) {
        auto files = thread.capture().get();
        auto done = cutOutCapture(files.front().path, setup);
        benchmark::DoNotOptimize(done);
    }
    fs::remove_all(dir);
}
BENCHMARK(BM_Capture24MPToCutout)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace
