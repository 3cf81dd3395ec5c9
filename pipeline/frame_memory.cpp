#include "pipeline/frame_memory.hpp"

#include <malloc.h>

#include <cstddef>

namespace facet {

namespace {
// Enough for the frames of one 24 MP dual cutout (shot, plates, colour, alpha: ~1 GB).
constexpr size_t kRetainedBytes = size_t(1) << 30;
}  // namespace

void reuseFreedFrameMemory() {
    // No mmap per block: every size comes from the heap (glibc still maps memory when the heap
    // cannot grow, so nothing fails for lack of this).
    mallopt(M_MMAP_MAX, 0);
    // Give free memory at the top of the heap back to the system only beyond this much.
    mallopt(M_TRIM_THRESHOLD, int(kRetainedBytes));
}

}  // namespace facet
