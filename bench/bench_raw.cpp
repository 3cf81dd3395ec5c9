// RAW decode and preview speed. Targets (issue 7): 24 MP decode <= 1.5 s, embedded preview
// <= 100 ms. Real files from ../shared/data/raw (skipped when absent) and a synthetic 24 MP
// DNG (6000 x 4000 RGGB, 12 bit) written once into the temp folder.
//
//   FACET_SHARED_DATA=/work/shared/data build/bench/facet_bench --benchmark_filter=Raw
//       --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include "bench/one_core.hpp"
#include "pipeline/raw_decode.hpp"
#include "pipeline/raw_preview.hpp"
#include "pipeline/synthetic_dng.hpp"

#include <benchmark/benchmark.h>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdlib>
#include <filesystem>

namespace {

namespace fs = std::filesystem;

// $FACET_SHARED_DATA, else ../shared/data beside the project.
std::string realRaw(const char* name) {
    const char* env = std::getenv("FACET_SHARED_DATA");
    const fs::path data = env ? fs::path(env) : fs::path(__FILE__).parent_path().parent_path().parent_path() / "shared/data";
    const fs::path p = data / "raw" / name;
    return fs::exists(p) ? p.string() : "";
}

const std::string& synthetic24mp() {
    static const std::string path = [] {
        const fs::path p = fs::temp_directory_path() / "facet-bench-24mp.dng";
        if (!fs::exists(p)) {
            facet::SyntheticDngSpec spec;
            spec.scene = cv::Mat(4000, 6000, CV_32FC3);
            for (int y = 0; y < spec.scene.rows; ++y)
                for (int x = 0; x < spec.scene.cols; ++x)
                    spec.scene.at<cv::Vec3f>(y, x) = {0.05f + 0.4f * x / 6000, 0.1f + 0.3f * y / 4000, 0.3f};
            cv::circle(spec.scene, {3000, 2000}, 1200, cv::Scalar(0.7, 0.6, 0.2), 200, cv::LINE_AA);
            facet::writeSyntheticDng(p.string(), spec);
        }
        return p.string();
    }();
    return path;
}

void decode(benchmark::State& state, const std::string& path, facet::RawDemosaic demosaic, bool half) {
    if (path.empty()) {
        state.SkipWithError("RAW file not found (../shared/data/raw)");
        return;
    }
    facet::RawDecodeOptions o;
    o.demosaic = demosaic;
    o.halfSize = half;
    for (auto _ : state) {
        auto d = facet::decodeRaw(path, o);
        benchmark::DoNotOptimize(d.image.linear.data);
        state.counters["MP"] = d.image.linear.total() / 1e6;
    }
}

void preview(benchmark::State& state, const std::string& path) {
    if (path.empty()) {
        state.SkipWithError("RAW file not found (../shared/data/raw)");
        return;
    }
    for (auto _ : state) {
        auto p = facet::loadRawPreview(path);
        benchmark::DoNotOptimize(p.display.data);
        state.counters["px_wide"] = p.display.cols;
    }
}

// LibRaw and OpenCV as the batch workers run them: OpenCV single-threaded.
void BM_RawDecode_D30_3MP_PPG(benchmark::State& s) { const facet::bench::OneCore oneCore; decode(s, realRaw("RAW_CANON_D30_SRGB.CRW"), facet::RawDemosaic::Fast, false); }
void BM_RawDecode_D30_3MP_AHD(benchmark::State& s) { const facet::bench::OneCore oneCore; decode(s, realRaw("RAW_CANON_D30_SRGB.CRW"), facet::RawDemosaic::Careful, false); }
void BM_RawDecode_G2_4MP_PPG(benchmark::State& s) { const facet::bench::OneCore oneCore; decode(s, realRaw("RAW_CANON_G2.CRW"), facet::RawDemosaic::Fast, false); }
void BM_RawDecode_Synthetic24MP_PPG(benchmark::State& s) { const facet::bench::OneCore oneCore; decode(s, synthetic24mp(), facet::RawDemosaic::Fast, false); }
void BM_RawDecode_Synthetic24MP_AHD(benchmark::State& s) { const facet::bench::OneCore oneCore; decode(s, synthetic24mp(), facet::RawDemosaic::Careful, false); }
void BM_RawDecode_Synthetic24MP_HalfSize(benchmark::State& s) { const facet::bench::OneCore oneCore; decode(s, synthetic24mp(), facet::RawDemosaic::Fast, true); }
void BM_RawPreview_D30_EmbeddedJpeg(benchmark::State& s) { preview(s, realRaw("RAW_CANON_D30_SRGB.CRW")); }
void BM_RawPreview_G2_EmbeddedJpeg(benchmark::State& s) { preview(s, realRaw("RAW_CANON_G2.CRW")); }
void BM_RawPreview_6D_Dng_EmbeddedJpeg(benchmark::State& s) { preview(s, realRaw("photoprism_canon_eos_6d.dng")); }

BENCHMARK(BM_RawDecode_D30_3MP_PPG)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
BENCHMARK(BM_RawDecode_D30_3MP_AHD)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
BENCHMARK(BM_RawDecode_G2_4MP_PPG)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
BENCHMARK(BM_RawDecode_Synthetic24MP_PPG)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime()->Iterations(1);
BENCHMARK(BM_RawDecode_Synthetic24MP_AHD)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime()->Iterations(1);
BENCHMARK(BM_RawDecode_Synthetic24MP_HalfSize)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime()->Iterations(1);
BENCHMARK(BM_RawPreview_D30_EmbeddedJpeg)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
BENCHMARK(BM_RawPreview_G2_EmbeddedJpeg)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
BENCHMARK(BM_RawPreview_6D_Dng_EmbeddedJpeg)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

}  // namespace
