#include "pipeline/zero_image.hpp"

#include <sys/mman.h>

namespace facet {

namespace {

// Below this, mapping a buffer of its own is not worth a system call.
constexpr size_t kMinBytes = size_t(8) << 20;
constexpr size_t kPage = 4096;

size_t roundUp(size_t n, size_t to) { return (n + to - 1) / to * to; }

// An OpenCV allocator that maps each buffer from the system (anonymous memory reads as zero)
// and gives it back whole on release.
class ZeroMappedAllocator : public cv::MatAllocator {
public:
    cv::UMatData* allocate(int dims, const int* sizes, int type, void* userData, size_t* step,
                           cv::AccessFlag flags, cv::UMatUsageFlags usage) const override {
        CV_Assert(!userData);
        size_t total = CV_ELEM_SIZE(type);
        for (int i = dims - 1; i >= 0; --i) {
            if (step) step[i] = total;
            total *= size_t(sizes[i]);
        }
        void* data = mmap(nullptr, roundUp(total, kPage), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (data == MAP_FAILED) CV_Error(cv::Error::StsNoMem, "out of memory for a full-frame image");
        cv::UMatData* u = new cv::UMatData(this);
        u->data = u->origdata = static_cast<uchar*>(data);
        u->size = total;
        return u;
    }

    bool allocate(cv::UMatData* u, cv::AccessFlag, cv::UMatUsageFlags) const override { return u != nullptr; }

    void deallocate(cv::UMatData* u) const override {
        if (!u) return;
        CV_Assert(u->urefcount == 0 && u->refcount == 0);
        munmap(u->origdata, roundUp(u->size, kPage));
        delete u;
    }
};

cv::MatAllocator* zeroMappedAllocator() {
    // Never destroyed: an image may outlive every static object that made one.
    static ZeroMappedAllocator* allocator = new ZeroMappedAllocator;
    return allocator;
}

}  // namespace

cv::Mat zeroImage(cv::Size size, int type) {
    if (size_t(size.area()) * CV_ELEM_SIZE(type) < kMinBytes) return cv::Mat::zeros(size, type);
    cv::Mat m;
    m.allocator = zeroMappedAllocator();
    m.create(size, type);
    return m;
}

}  // namespace facet
