// Speed of the live checks: every live-view frame (1024x680, 8-bit sRGB as cameras send it)
// with and without the preview matte, each check alone, and a 24 MP capture.
//   facet_bench --benchmark_filter=Checks --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
// One core (bench::OneCore): the station runs the checks beside the camera thread.
#include "bench/one_core.hpp"
#include "pipeline/checks/live_checks.hpp"
#include "pipeline/preview_matte.hpp"
#include "scenes/scene.hpp"

#include <benchmark/benchmark.h>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

using namespace facet;
using namespace facet::checks;

namespace {

constexpr double kLiveToCapture = 6000.0 / 1024.0;  // live view of a 24 MP camera

struct LiveScene {
    cv::Mat frame, plate;  // CV_8UC3 sRGB
    cv::Mat matte;         // the preview matte, CV_8UC1
};

const LiveScene& liveScene() {
    static const LiveScene s = [] {
        scenes::SceneOptions o;
        o.piece = scenes::Piece::SolitaireRing;
        const scenes::Scene sc = scenes::renderScene(o);
        LiveScene l;
        l.frame = scenes::toLiveViewFrame(sc.shot, {1024, 680});
        l.plate = scenes::toLiveViewFrame(sc.plate, {1024, 680});
        PreviewMatte pm;
        l.matte = pm.compute(l.frame, l.plate).clone();
        return l;
    }();
    return s;
}

CheckInput liveInput() {
    const LiveScene& l = liveScene();
    CheckInput in;
    in.frame = l.frame;
    in.plate = l.plate;
    in.matte = l.matte;
    in.captureScale = kLiveToCapture;
    return in;
}

void BM_Checks_LiveFrame(benchmark::State& state) {
    const bench::OneCore oneCore;
    const CheckInput in = liveInput();
    LiveChecks checks;
    for (auto _ : state) benchmark::DoNotOptimize(checks.run(in).overall);
}
BENCHMARK(BM_Checks_LiveFrame)->Unit(benchmark::kMillisecond);

void BM_Checks_LiveFrameWithPreviewMatte(benchmark::State& state) {
    const bench::OneCore oneCore;
    CheckInput in = liveInput();
    PreviewMatte matte;
    LiveChecks checks;
    for (auto _ : state) {
        in.matte = matte.compute(in.frame, in.plate);
        benchmark::DoNotOptimize(checks.run(in).overall);
    }
}
BENCHMARK(BM_Checks_LiveFrameWithPreviewMatte)->Unit(benchmark::kMillisecond);

// Each part alone, on a prepared frame.
template <typename Run>
void eachCheck(benchmark::State& state, Run runOnce) {
    const bench::OneCore oneCore;
    CheckFrame frame;
    frame.prepare(liveInput());
    BackgroundMeter meter;
    const BackgroundStats bg = meter.measure(frame);
    for (auto _ : state) runOnce(frame, meter, bg);
}

void BM_Checks_Prepare(benchmark::State& state) {
    const bench::OneCore oneCore;
    const CheckInput in = liveInput();
    CheckFrame frame;
    for (auto _ : state) {
        frame.prepare(in);
        benchmark::DoNotOptimize(frame.pieceArea);
    }
}
BENCHMARK(BM_Checks_Prepare)->Unit(benchmark::kMicrosecond);

void BM_Checks_Focus(benchmark::State& state) {
    FocusCheck c;
    eachCheck(state, [&](const CheckFrame& f, BackgroundMeter&, const BackgroundStats&) {
        benchmark::DoNotOptimize(c.measure(f, {}).edgeWidthPx);
    });
}
BENCHMARK(BM_Checks_Focus)->Unit(benchmark::kMicrosecond);

void BM_Checks_Background(benchmark::State& state) {
    eachCheck(state, [&](const CheckFrame& f, BackgroundMeter& m, const BackgroundStats&) {
        benchmark::DoNotOptimize(m.measure(f).luminance);
        benchmark::DoNotOptimize(m.measurePlate(f).luminance);
    });
}
BENCHMARK(BM_Checks_Background)->Unit(benchmark::kMicrosecond);

void BM_Checks_Lighting(benchmark::State& state) {
    LightingCheck c;
    eachCheck(state, [&](const CheckFrame& f, BackgroundMeter&, const BackgroundStats& bg) {
        benchmark::DoNotOptimize(c.measure(f, bg, {}).exposureStops);
    });
}
BENCHMARK(BM_Checks_Lighting)->Unit(benchmark::kMicrosecond);

void BM_Checks_EdgeContrast(benchmark::State& state) {
    EdgeContrastCheck c;
    eachCheck(state, [&](const CheckFrame& f, BackgroundMeter&, const BackgroundStats&) {
        benchmark::DoNotOptimize(c.measure(f, {}).weakestContrast);
    });
}
BENCHMARK(BM_Checks_EdgeContrast)->Unit(benchmark::kMicrosecond);

void BM_Checks_Resolution(benchmark::State& state) {
    ResolutionCheck c;
    eachCheck(state, [&](const CheckFrame& f, BackgroundMeter&, const BackgroundStats&) {
        benchmark::DoNotOptimize(c.measure(f, {}).thinnestPx);
    });
}
BENCHMARK(BM_Checks_Resolution)->Unit(benchmark::kMicrosecond);

// A 24 MP capture (6000x4000 linear float with a float matte, as makeCutout gives it): the scene
// rendered at 1536 px and enlarged, so the piece covers the frame as it would.
void BM_Checks_Capture24MP(benchmark::State& state) {
    const bench::OneCore oneCore;
    scenes::SceneOptions o;
    o.piece = scenes::Piece::CableChain;
    o.size = {1536, 1024};
    const scenes::Scene sc = scenes::renderScene(o);
    CheckInput in;
    cv::resize(sc.shot, in.frame, {6000, 4000}, 0, 0, cv::INTER_LINEAR);
    cv::resize(sc.alpha, in.matte, {6000, 4000}, 0, 0, cv::INTER_LINEAR);
    LiveChecks checks;
    for (auto _ : state) benchmark::DoNotOptimize(checks.run(in).overall);
}
BENCHMARK(BM_Checks_Capture24MP)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace
