#pragma once
// Full-frame buffers (a 24 MP float frame is 96-288 MB) on transparent huge pages.
//
// Fresh memory costs a page fault and a zeroed page per 4 KB touched; at 24 MP that is most of
// a second per cutout across the frames read, the result canvases and the file written.
// Huge pages fault 2 MB at a time. Measured on the 2-core machine: first touch of 288 MB
// 160-180 ms with 4 KB pages, ~40 ms on huge pages; giving it back 21 ms vs 1 ms.
// Buffers below a few MB keep OpenCV's allocator. Contents are uninitialised, as cv::Mat(size, type).
#include <opencv2/core.hpp>

namespace facet {

cv::Mat largeImage(cv::Size size, int type);

}  // namespace facet
