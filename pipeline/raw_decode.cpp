#include "pipeline/raw_decode.hpp"

#include "pipeline/errors.hpp"

#include <libraw/libraw.h>
#include <opencv2/imgproc.hpp>

#include <memory>

namespace facet {

LoadedImage loadRawImage(const std::string& path) {
    auto raw = std::make_unique<LibRaw>();
    auto fail = [&](int rc, const char* stage) {
        throw InputError(path + ": cannot " + std::string(stage) + " this camera RAW file (" +
                         libraw_strerror(rc) + ")");
    };
    if (int rc = raw->open_file(path.c_str()); rc != LIBRAW_SUCCESS) fail(rc, "open");
    if (int rc = raw->unpack(); rc != LIBRAW_SUCCESS) fail(rc, "unpack");

    auto& p = raw->imgdata.params;
    p.use_camera_wb = 1;
    p.output_color = 1;     // sRGB primaries
    p.output_bps = 16;
    p.gamm[0] = 1.0;        // linear: the matting works in linear light
    p.gamm[1] = 1.0;
    p.no_auto_bright = 1;
    p.user_flip = 0;
    if (int rc = raw->dcraw_process(); rc != LIBRAW_SUCCESS) fail(rc, "decode");

    int rc = 0;
    std::unique_ptr<libraw_processed_image_t, void (*)(libraw_processed_image_t*)> img(
        raw->dcraw_make_mem_image(&rc), LibRaw::dcraw_clear_mem);
    if (!img || rc != LIBRAW_SUCCESS) fail(rc, "convert");
    if (img->type != LIBRAW_IMAGE_BITMAP || img->colors != 3 || img->bits != 16)
        throw InputError(path + ": unexpected decoded RAW layout");

    cv::Mat rgb16(img->height, img->width, CV_16UC3, img->data);
    cv::Mat bgr;
    cv::cvtColor(rgb16, bgr, cv::COLOR_RGB2BGR);
    LoadedImage out;
    bgr.convertTo(out.linear, CV_32FC3, 1.0 / 65535.0);
    out.path = path;
    out.format = "raw";
    out.bitDepth = 16;
    out.channels = 3;
    return out;
}

}  // namespace facet
