// Calibration and profile speed: averaging a clean plate (per-pixel median + sigma-clipped mean),
// fitting a flat field, and loading a profile with `extends`.
#include "calibration/clean_plate.hpp"
#include "calibration/flat_field.hpp"
#include "profiles/profile_loader.hpp"

#include <benchmark/benchmark.h>

#include <vector>

namespace {

std::vector<cv::Mat> plateFrames(int n, cv::Size size) {
    std::vector<cv::Mat> frames;
    cv::RNG rng(1);
    for (int i = 0; i < n; ++i) {
        cv::Mat f(size, CV_32FC3);
        rng.fill(f, cv::RNG::NORMAL, cv::Scalar::all(0.03), cv::Scalar::all(0.004));
        frames.push_back(f);
    }
    return frames;
}

// 8 frames of a 12-megapixel-class plate (4000x3000) is what a shoot makes; run at 2000x1500
// (3 MP) so a run stays short; time scales with pixels x frames.
void BM_CleanPlate8Frames3MP(benchmark::State& state) {
    const auto frames = plateFrames(static_cast<int>(state.range(0)), {2000, 1500});
    for (auto _ : state) benchmark::DoNotOptimize(facet::averagePlateFrames(frames).image.data);
    state.SetItemsProcessed(state.iterations() * 2000 * 1500);
}
BENCHMARK(BM_CleanPlate8Frames3MP)->Arg(8)->Unit(benchmark::kMillisecond);

void BM_FlatField3MP(benchmark::State& state) {
    const cv::Mat plate = plateFrames(1, {2000, 1500})[0];
    for (auto _ : state) benchmark::DoNotOptimize(facet::fitFlatField(plate).falloff.data);
}
BENCHMARK(BM_FlatField3MP)->Unit(benchmark::kMillisecond);

void BM_LoadProfileWithExtends(benchmark::State& state) {
    const std::string text = "version = 2\nname = \"mine\"\nextends = \"black-velvet\"\n[camera]\niso = 200\n";
    const facet::ProfileLibrary shipped({facet::ProfileLibrary::shippedFolder()});
    for (auto _ : state) benchmark::DoNotOptimize(facet::parseProfileText(text, "mine.toml", &shipped).camera.iso);
}
BENCHMARK(BM_LoadProfileWithExtends)->Unit(benchmark::kMicrosecond);

}  // namespace
