#include "pipeline/cutout_file.hpp"

#include "pipeline/errors.hpp"
#include "pipeline/image_io.hpp"
#include "pipeline/srgb.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <tiffio.h>

#include <cstdint>
#include <fstream>
#include <iterator>

namespace facet {

namespace {

std::uint32_t be32(const std::string& s, size_t at) {
    return (std::uint32_t(std::uint8_t(s[at])) << 24) | (std::uint32_t(std::uint8_t(s[at + 1])) << 16) |
           (std::uint32_t(std::uint8_t(s[at + 2])) << 8) | std::uint8_t(s[at + 3]);
}

void readPngChunks(const std::string& path, CutoutFile& out) {
    std::ifstream in(path, std::ios::binary);
    std::string b((std::istreambuf_iterator<char>(in)), {});
    size_t at = 8;
    while (at + 12 <= b.size()) {
        const std::uint32_t len = be32(b, at);
        if (len > b.size() - at - 12) break;
        const std::string type = b.substr(at + 4, 4);
        if (type == "sRGB" || type == "iCCP") out.srgbTagged = true;
        if (type == "iTXt") {
            const std::string data = b.substr(at + 8, len);
            if (data.rfind("XML:com.adobe.xmp", 0) == 0 && data.size() > 22) out.tags.xmp = data.substr(22);
        }
        if (type == "IDAT" || type == "IEND") break;
        at += 12 + len;
    }
}

void readTiffTags(const std::string& path, CutoutFile& out) {
    TIFF* tif = TIFFOpen(path.c_str(), "r");
    if (!tif) return;
    auto text = [&](ttag_t tag, std::string& to) {
        char* v = nullptr;
        if (TIFFGetField(tif, tag, &v) && v) to = v;
    };
    auto bytes = [&](ttag_t tag, std::string& to) {
        uint32_t n = 0;
        void* v = nullptr;
        if (TIFFGetField(tif, tag, &n, &v) && v) to.assign(static_cast<const char*>(v), n);
    };
    text(TIFFTAG_MAKE, out.tags.make);
    text(TIFFTAG_MODEL, out.tags.model);
    text(TIFFTAG_DATETIME, out.tags.dateTime);
    text(TIFFTAG_IMAGEDESCRIPTION, out.tags.description);
    bytes(TIFFTAG_XMLPACKET, out.tags.xmp);
    bytes(TIFFTAG_PHOTOSHOP, out.tags.photoshopResources);
    bytes(TIFFTAG_ICCPROFILE, out.iccProfile);
    out.srgbTagged = !out.iccProfile.empty();
    TIFFClose(tif);
}

}  // namespace

CutoutFile readCutoutFile(const std::string& path) {
    const std::string format = sniffImageFormat(path);
    if (format != "png" && format != "tiff")
        throw InputError(path + ": not a cutout (expected a PNG or TIFF with transparency)");
    cv::Mat img;
    try {
        img = cv::imread(path, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception&) {
        img.release();
    }
    if (img.empty()) throw InputError(path + ": the " + format + " file is corrupt or truncated");
    if (img.channels() != 4)
        throw InputError(path + ": has no transparency (alpha channel); export the cutout as PNG or TIFF from facet cutout");
    if (img.depth() != CV_8U && img.depth() != CV_16U)
        throw InputError(path + ": unsupported sample format (expected 8- or 16-bit RGBA)");

    CutoutFile out;
    cv::Mat planes[4];
    cv::split(img, planes);
    cv::Mat bgr;
    cv::merge(planes, 3, bgr);
    out.foreground = srgbToLinear(bgr);
    planes[3].convertTo(out.alpha, CV_32F, img.depth() == CV_8U ? 1.0 / 255 : 1.0 / 65535);
    if (format == "png")
        readPngChunks(path, out);
    else
        readTiffTags(path, out);
    return out;
}

}  // namespace facet
