#include "pipeline/large_image.hpp"

#include <sys/mman.h>

#include <cstdint>

namespace facet {

namespace {

constexpr size_t kHugePage = size_t(2) << 20;
constexpr size_t kSmallPage = 4096;
// Smaller buffers gain little and would waste most of a huge page.
constexpr size_t kMinBytes = 4 * kHugePage;

size_t roundUp(size_t n, size_t to) { return (n + to - 1) / to * to; }

// An OpenCV allocator that maps big buffers 2 MB-aligned and asks for huge pages on them
// (madvise: the system setting is "madvise" on Debian). The mapping is given back whole on release.
class HugePageAllocator : public cv::MatAllocator {
public:
    cv::UMatData* allocate(int dims, const int* sizes, int type, void* userData, size_t* step,
                           cv::AccessFlag flags, cv::UMatUsageFlags usage) const override {
        size_t total = CV_ELEM_SIZE(type);
        for (int i = dims - 1; i >= 0; --i) {
            if (step) {
                if (userData && step[i] != cv::Mat::AUTO_STEP) total = step[i];
                else step[i] = total;
            }
            total *= size_t(sizes[i]);
        }
        if (userData || total < kMinBytes)
            return cv::Mat::getStdAllocator()->allocate(dims, sizes, type, userData, step, flags, usage);
        uchar* data = mapHuge(total);
        cv::UMatData* u = new cv::UMatData(this);
        u->data = u->origdata = data;
        u->size = total;
        return u;
    }

    bool allocate(cv::UMatData* u, cv::AccessFlag, cv::UMatUsageFlags) const override { return u != nullptr; }

    void deallocate(cv::UMatData* u) const override {
        if (!u) return;
        CV_Assert(u->urefcount == 0 && u->refcount == 0);
        munmap(u->origdata, roundUp(u->size, kSmallPage));
        delete u;
    }

private:
    // Maps a little more than asked, keeps the 2 MB-aligned part and unmaps the rest.
    static uchar* mapHuge(size_t bytes) {
        const size_t length = roundUp(bytes, kSmallPage);
        void* raw = mmap(nullptr, length + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (raw == MAP_FAILED) CV_Error(cv::Error::StsNoMem, "out of memory for a full-frame image");
        const uintptr_t start = uintptr_t(raw), aligned = roundUp(start, kHugePage);
        if (aligned > start) munmap(raw, aligned - start);
        const uintptr_t end = start + length + kHugePage, used = aligned + length;
        if (end > used) munmap(reinterpret_cast<void*>(used), end - used);
        madvise(reinterpret_cast<void*>(aligned), length, MADV_HUGEPAGE);  // a hint: 4 KB pages if refused
        return reinterpret_cast<uchar*>(aligned);
    }
};

cv::MatAllocator* hugePageAllocator() {
    // Never destroyed: a buffer may outlive every static object that made it.
    static HugePageAllocator* allocator = new HugePageAllocator;
    return allocator;
}

}  // namespace

cv::Mat largeImage(cv::Size size, int type) {
    cv::Mat m;
    m.allocator = hugePageAllocator();
    m.create(size, type);
    return m;
}

}  // namespace facet
