#pragma once
// "Show something at once": the picture the camera embedded in its RAW file (a JPEG, usually
// full or quarter size), or, when there is none, a half-size decode (no demosaicing, 4x
// fewer pixels). For the screen and the timing report; the matting waits for decodeRaw.
#include "pipeline/raw_decode.hpp"

#include <opencv2/core.hpp>

#include <string>

namespace facet {

struct RawPreview {
    cv::Mat display;     // sRGB-encoded CV_8UC3 BGR, for the screen (not for the matting)
    std::string source;  // "embedded JPEG", "embedded bitmap" or "half-size decode"
    RawInfo info;
};

struct RawPreviewOptions {
    // Embedded previews narrower than this are passed over for the half-size decode (some
    // cameras embed only a 160 px thumbnail). 0 takes whatever the camera embedded.
    int minWidth = 0;
};

// Throws InputError naming the file when neither the preview nor the half-size decode works.
RawPreview loadRawPreview(const std::string& path, const RawPreviewOptions& options = {});

}  // namespace facet
