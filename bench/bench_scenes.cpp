// Rendering speed of the ground-truth scenes: the 1024x680 scenes the quality runs use
// (supersample 4) and full 24 MP frames for the pipeline benchmarks (supersample 2).
//   build/bench/facet_bench --benchmark_filter=Scene --benchmark_repetitions=5
#include "pipeline/matte_metrics.hpp"
#include "scenes/scene.hpp"

#include <benchmark/benchmark.h>

using namespace facet::scenes;

namespace {

void renderAt(benchmark::State& state, cv::Size size, int supersample, bool backlit) {
    SceneOptions o;
    o.piece = Piece(state.range(0));
    o.size = size;
    o.supersample = supersample;
    o.backlit = backlit;
    o.seed = 7;
    for (auto _ : state) {
        Scene s = renderScene(o);
        benchmark::DoNotOptimize(s.shot.data);
    }
    state.SetLabel(pieceName(o.piece));
}

void BM_Scene_1024x680_ss4(benchmark::State& state) { renderAt(state, {1024, 680}, 4, false); }
void BM_Scene_1024x680_ss4_dual(benchmark::State& state) { renderAt(state, {1024, 680}, 4, true); }
void BM_Scene_6000x4000_ss2(benchmark::State& state) { renderAt(state, {6000, 4000}, 2, false); }

void BM_JewelryScores_1024x680(benchmark::State& state) {
    SceneOptions o;
    o.piece = Piece::Filigree;
    const Scene s = renderScene(o);
    for (auto _ : state) {
        auto j = facet::scoreJewelryMatte(s.alphaTransmit, s.foreground, s.alpha, s.foreground, s.regions);
        benchmark::DoNotOptimize(j.sad);
    }
}

}  // namespace

BENCHMARK(BM_Scene_1024x680_ss4)->DenseRange(0, 7)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Scene_1024x680_ss4_dual)->Arg(int(Piece::SolitaireRing))->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Scene_6000x4000_ss2)
    ->Arg(int(Piece::CableChain))
    ->Arg(int(Piece::PaveCluster))
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK(BM_JewelryScores_1024x680)->Unit(benchmark::kMillisecond);
