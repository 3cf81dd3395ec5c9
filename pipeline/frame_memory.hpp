#pragma once
// How the process keeps the memory of full-size frames. A 24 MP frame in linear float is 288 MB;
// a cutout allocates and frees several (the decoded capture, the background model, the encoded
// rows). glibc hands every block over 32 MB straight to the kernel on free and maps a fresh one
// on the next malloc, which the kernel must fault in and clear page by page: measured at ~0.3 s
// of a 1.6 s capture-to-cutout at 24 MP (docs/speed.md). Called once at the start of `facet`
// and of the benchmarks: large blocks then come from the heap and a freed frame's memory is
// reused by the next frame instead of being cleared again.
//
// The price: the process keeps up to `kRetainedBytes` of freed memory instead of returning it
// at once (a station reuses it on the next capture; the peak is unchanged). Images that must
// read as zero without being written (zero_image.hpp) map their own memory and are unaffected.

namespace facet {

void reuseFreedFrameMemory();

}  // namespace facet
