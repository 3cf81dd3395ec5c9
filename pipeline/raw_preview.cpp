#include "pipeline/raw_preview.hpp"

#include "pipeline/errors.hpp"
#include "pipeline/raw_file.hpp"
#include "pipeline/srgb.hpp"

#include <libraw/libraw.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <memory>

namespace facet {

namespace {

// The embedded picture, decoded; empty when there is none or it cannot be read.
cv::Mat embeddedPicture(RawFile& file, std::string& source) {
    LibRaw& raw = file.libraw();
    if (raw.imgdata.thumbnail.tlength == 0) return {};
    if (raw.unpack_thumb() != LIBRAW_SUCCESS) return {};
    int rc = 0;
    std::unique_ptr<libraw_processed_image_t, void (*)(libraw_processed_image_t*)> thumb(
        raw.dcraw_make_mem_thumb(&rc), LibRaw::dcraw_clear_mem);
    if (!thumb || rc != LIBRAW_SUCCESS) return {};
    if (thumb->type == LIBRAW_IMAGE_JPEG) {
        cv::Mat bytes(1, int(thumb->data_size), CV_8UC1, thumb->data);
        cv::Mat picture;
        try {
            picture = cv::imdecode(bytes, cv::IMREAD_COLOR);
        } catch (const cv::Exception&) {
            return {};
        }
        source = "embedded JPEG";
        return picture;
    }
    if (thumb->type == LIBRAW_IMAGE_BITMAP && thumb->bits == 8 && (thumb->colors == 3 || thumb->colors == 1)) {
        cv::Mat view(thumb->height, thumb->width, thumb->colors == 3 ? CV_8UC3 : CV_8UC1, thumb->data);
        cv::Mat bgr;
        cv::cvtColor(view, bgr, thumb->colors == 3 ? cv::COLOR_RGB2BGR : cv::COLOR_GRAY2BGR);
        source = "embedded bitmap";
        return bgr;
    }
    return {};
}

}  // namespace

RawPreview loadRawPreview(const std::string& path, const RawPreviewOptions& options) {
    RawPreview out;
    {
        RawFile file = RawFile::open(path);
        out.info = file.info();
        out.display = embeddedPicture(file, out.source);
    }
    if (!out.display.empty() && out.display.cols >= options.minWidth) return out;

    RawDecodeOptions half;
    half.halfSize = true;
    RawDecoded decoded = decodeRaw(path, half);
    out.display = linearToSrgb(decoded.image.linear, CV_8U);
    out.source = "half-size decode";
    return out;
}

}  // namespace facet
