// The cutout's speed on this machine (Google Benchmark; run `build/bench/facet_bench
// --benchmark_filter=Cutout --benchmark_repetitions=5 --benchmark_report_aggregates_only=true`).
// Targets (2 cores): 24 MP single shot <= 0.5 s, dual <= 0.7 s, to a .tif <= 1.5 s;
// live-view preview matte <= 3 ms. The 24 MP benchmarks report wall time ("Time") and the CPU
// time of all threads ("CPU"): on a shared machine the CPU column is the steadier measure of the
// work done, the wall column what a photographer waits (see docs/speed.md).
#include "pipeline/cutout.hpp"
#include "pipeline/cutout_export.hpp"
#include "pipeline/image.hpp"
#include "pipeline/preview_matte.hpp"
#include "scenes/scene.hpp"

#include <benchmark/benchmark.h>

#include <filesystem>
#include <unistd.h>

namespace {

using namespace facet;

const scenes::Scene& scene24mp(bool backlit) {
    static scenes::Scene single, dual;
    scenes::Scene& s = backlit ? dual : single;
    if (s.shot.empty()) {
        scenes::SceneOptions o;
        o.piece = scenes::Piece::CableChain;
        o.size = {6000, 4000};
        o.supersample = 2;  // enough for timing; quality is measured at full supersampling
        o.seed = 100;
        o.backlit = backlit;
        o.frontLightInBacklit = 0.6;
        s = scenes::renderScene(o);
    }
    return s;
}

void BM_CutoutSingleShot24MP(benchmark::State& state) {
    const auto& s = scene24mp(false);
    // The plate as `facet cutout` holds it: in half precision.
    CutoutInputs in{s.shot, halfPrecisionPlate(s.plate), {}, {}};
    for (auto _ : state) benchmark::DoNotOptimize(makeCutout(in));
}
BENCHMARK(BM_CutoutSingleShot24MP)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

void BM_CutoutDual24MP(benchmark::State& state) {
    const auto& s = scene24mp(true);
    // The plates as `facet cutout` holds them: in half precision.
    CutoutInputs in{s.shot, halfPrecisionPlate(s.plate), s.backlitShot, halfPrecisionPlate(s.backlitPlate)};
    CutoutParams p;
    p.stones = StoneTreatment::Transmit;
    for (auto _ : state) benchmark::DoNotOptimize(makeCutout(in, p));
}
BENCHMARK(BM_CutoutDual24MP)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

void BM_CutoutToTiff24MP(benchmark::State& state) {
    const auto& s = scene24mp(false);
    CutoutInputs in{s.shot, halfPrecisionPlate(s.plate), {}, {}};
    const std::string out = (std::filesystem::temp_directory_path() /
                             ("facet-bench-" + std::to_string(getpid()) + ".tif")).string();
    for (auto _ : state) {
        CutoutResult r = makeCutout(in);
        saveCutout(out, r.foreground, r.alpha);
    }
    std::filesystem::remove(out);
}
BENCHMARK(BM_CutoutToTiff24MP)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

void BM_PreviewMatteLiveView(benchmark::State& state) {
    static scenes::Scene s = [] {
        scenes::SceneOptions o;
        o.piece = scenes::Piece::SolitaireRing;
        return scenes::renderScene(o);
    }();
    const cv::Mat frame = scenes::toLiveViewFrame(s.shot, {1024, 680});
    const cv::Mat plate = scenes::toLiveViewFrame(s.plate, {1024, 680});
    PreviewMatte matte;
    for (auto _ : state) benchmark::DoNotOptimize(matte.compute(frame, plate).data);
}
BENCHMARK(BM_PreviewMatteLiveView)->Unit(benchmark::kMillisecond);

}  // namespace
