#include "pipeline/frame_memory.hpp"

#include <gtest/gtest.h>
#include <malloc.h>

#include <vector>

using namespace facet;

// A 24 MP float frame is far over glibc's 32 MB mapping threshold: once frames are reused it
// comes from the heap (no block of its own mapped) and, freed, stays there for the next one.
TEST(FrameMemory, LargeFramesComeFromTheHeapAndFreedOnesAreKept) {
    reuseFreedFrameMemory();
    const size_t frame = size_t(6000) * 4000 * 3 * sizeof(float);
    const size_t mappedBefore = mallinfo2().hblkhd;
    std::vector<char>* first = new std::vector<char>(frame, 1);
    EXPECT_EQ(mallinfo2().hblkhd, mappedBefore) << "the frame was mapped on its own";
    const size_t heapWithFrame = mallinfo2().arena;
    EXPECT_GE(heapWithFrame, frame);
    delete first;
    EXPECT_GE(mallinfo2().arena, heapWithFrame) << "the freed frame went back to the system";
    EXPECT_GE(mallinfo2().fordblks, frame) << "the freed frame is not free in the heap for the next one";
}
