#include "pipeline/cutout_export.hpp"

#include "pipeline/atomic_file.hpp"
#include "pipeline/errors.hpp"
#include "pipeline/image.hpp"
#include "pipeline/srgb.hpp"
#include "pipeline/srgb_tagging.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <tiffio.h>

#include <algorithm>
#include <filesystem>
#include <vector>

namespace facet {

namespace {

std::string lowerExtension(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
    return ext;
}

cv::Mat alphaTo16(const cv::Mat& alpha) {
    cv::Mat a16;
    alpha.convertTo(a16, CV_16U, 65535.0);
    return a16;
}

}  // namespace

cv::Mat compositeOver(const cv::Mat& fg, const cv::Mat& alpha, const cv::Scalar& bg) {
    CV_Assert(isLinearColour(fg) && isAlpha(alpha) && fg.size() == alpha.size());
    cv::Mat out(fg.size(), CV_32FC3);
    const float b0 = float(bg[0]), b1 = float(bg[1]), b2 = float(bg[2]);
    for (int y = 0; y < fg.rows; ++y) {
        const float* f = fg.ptr<float>(y);
        const float* a = alpha.ptr<float>(y);
        float* o = out.ptr<float>(y);
        for (int x = 0; x < fg.cols; ++x) {
            const float t = 1.0f - a[x];
            o[3 * x + 0] = a[x] * f[3 * x + 0] + t * b0;
            o[3 * x + 1] = a[x] * f[3 * x + 1] + t * b1;
            o[3 * x + 2] = a[x] * f[3 * x + 2] + t * b2;
        }
    }
    return out;
}

void writeRgbaTiff16(const std::string& path, const cv::Mat& bgr16, const cv::Mat& alpha16,
                     const CutoutFileTags& tags) {
    CV_Assert(bgr16.type() == CV_16UC3 && alpha16.type() == CV_16UC1 && bgr16.size() == alpha16.size());
    const uint32_t w = bgr16.cols, h = bgr16.rows;
    // Classic TIFF whenever it fits (24 MP RGBA16 is ~200 MB): Photoshop, InDesign and most
    // retouching tools that read clipping paths don't open BigTIFF. BigTIFF only past ~3.5 GB.
    const bool big = double(w) * h * 8 > 3.5e9;
    TIFF* tif = TIFFOpen(path.c_str(), big ? "w8" : "w");
    if (!tif) throw OutputError("cannot create " + path);
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, w);
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, h);
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 4);
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 16);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_RGB);
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    uint16_t extra[] = {EXTRASAMPLE_UNASSALPHA};
    TIFFSetField(tif, TIFFTAG_EXTRASAMPLES, 1, extra);
    TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_ADOBE_DEFLATE);
    TIFFSetField(tif, TIFFTAG_PREDICTOR, PREDICTOR_HORIZONTAL);
    TIFFSetField(tif, TIFFTAG_ZIPQUALITY, 1);  // fastest deflate: the size win is in the predictor
    TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, TIFFDefaultStripSize(tif, 64));
    TIFFSetField(tif, TIFFTAG_SOFTWARE, "Facet");
    const std::string& icc = srgbIccProfile();
    TIFFSetField(tif, TIFFTAG_ICCPROFILE, uint32_t(icc.size()), icc.data());
    if (!tags.make.empty()) TIFFSetField(tif, TIFFTAG_MAKE, tags.make.c_str());
    if (!tags.model.empty()) TIFFSetField(tif, TIFFTAG_MODEL, tags.model.c_str());
    if (!tags.dateTime.empty()) TIFFSetField(tif, TIFFTAG_DATETIME, tags.dateTime.c_str());
    if (!tags.description.empty()) TIFFSetField(tif, TIFFTAG_IMAGEDESCRIPTION, tags.description.c_str());
    if (!tags.xmp.empty()) TIFFSetField(tif, TIFFTAG_XMLPACKET, uint32_t(tags.xmp.size()), tags.xmp.data());
    if (!tags.photoshopResources.empty())
        TIFFSetField(tif, TIFFTAG_PHOTOSHOP, uint32_t(tags.photoshopResources.size()),
                     tags.photoshopResources.data());
    std::vector<uint16_t> row(size_t(w) * 4);
    for (uint32_t y = 0; y < h; ++y) {
        const uint16_t* c = bgr16.ptr<uint16_t>(y);
        const uint16_t* a = alpha16.ptr<uint16_t>(y);
        for (uint32_t x = 0; x < w; ++x) {
            row[4 * x + 0] = c[3 * x + 2];
            row[4 * x + 1] = c[3 * x + 1];
            row[4 * x + 2] = c[3 * x + 0];
            row[4 * x + 3] = a[x];
        }
        if (TIFFWriteScanline(tif, row.data(), y, 0) < 0) {
            TIFFClose(tif);
            throw OutputError("cannot write " + path + " (is the disk full?)");
        }
    }
    TIFFClose(tif);
}

void saveCutout(const std::string& path, const cv::Mat& fg, const cv::Mat& alpha, const CutoutFileTags& tags) {
    CV_Assert(isLinearColour(fg) && isAlpha(alpha) && fg.size() == alpha.size());
    const std::string ext = lowerExtension(path);
    if (ext == ".jpg" || ext == ".jpeg") {
        cv::Mat onWhite = linearToSrgb(compositeOver(fg, alpha, cv::Scalar(1, 1, 1)), CV_8U);
        writeAtomically(path, [&](const std::string& tmp) {
            if (!cv::imwrite(tmp, onWhite, {cv::IMWRITE_JPEG_QUALITY, 95}))
                throw OutputError("cannot write " + path);
        });
        return;
    }
    if (ext != ".png" && ext != ".tif" && ext != ".tiff")
        throw InputError(path + ": unknown output format '" + ext + "' (use .png, .tif or .jpg)");
    cv::Mat colour16 = linearToSrgb(fg, CV_16U);
    cv::Mat alpha16 = alphaTo16(alpha);
    if (ext == ".png") {
        cv::Mat bgra;
        cv::Mat planes[3];
        cv::split(colour16, planes);
        cv::merge(std::vector<cv::Mat>{planes[0], planes[1], planes[2], alpha16}, bgra);
        std::vector<uchar> png;
        // Level 1: a 24 MP 16-bit PNG at the default level takes seconds for little gain.
        if (!cv::imencode(".png", bgra, png, {cv::IMWRITE_PNG_COMPRESSION, 1}))
            throw OutputError("cannot write " + path + " (PNG encoding failed)");
        writeBytesAtomically(path, tagPngAsSrgb(std::string_view(reinterpret_cast<const char*>(png.data()), png.size()),
                                                tags.xmp));
        return;
    }
    writeAtomically(path, [&](const std::string& tmp) { writeRgbaTiff16(tmp, colour16, alpha16, tags); });
}

}  // namespace facet
