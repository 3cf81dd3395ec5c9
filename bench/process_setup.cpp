// The benchmarks run in a process set up as `facet`'s is (cli/main.cpp), so what they measure
// is what the station and the command line do. benchmark_main owns main(): a static initialiser
// does it before the first benchmark.
#include "pipeline/frame_memory.hpp"

namespace {
const bool kFrameMemoryReused = (facet::reuseFreedFrameMemory(), true);
}  // namespace
