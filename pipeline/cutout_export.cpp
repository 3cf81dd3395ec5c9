#include "pipeline/cutout_export.hpp"

#include "pipeline/atomic_file.hpp"
#include "pipeline/errors.hpp"
#include "pipeline/image.hpp"
#include "pipeline/png_write.hpp"
#include "pipeline/srgb.hpp"
#include "pipeline/srgb_tagging.hpp"
#include "pipeline/tiff_write.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

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

// Alpha 0..1 to 16 bits, as cv::Mat::convertTo scales and rounds.
uint16_t alphaTo16(float a) { return cv::saturate_cast<uint16_t>(a * 65535.0f); }

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
    writeRgba16Tiff(path, bgr16.size(), [&](int y0, int rows, uint16_t* rgba) {
        for (int y = y0; y < y0 + rows; ++y) {
            const uint16_t* c = bgr16.ptr<uint16_t>(y);
            const uint16_t* a = alpha16.ptr<uint16_t>(y);
            for (int x = 0; x < bgr16.cols; ++x, rgba += 4) {
                rgba[0] = c[3 * x + 2];
                rgba[1] = c[3 * x + 1];
                rgba[2] = c[3 * x + 0];
                rgba[3] = a[x];
            }
        }
    }, tags);
}

namespace {

// The cutout's rows straight from linear float to sRGB 16-bit RGBA, strip by strip on the
// encoding workers: no full-frame 16-bit copies of colour and alpha.
RgbaRowSource cutoutRows(const cv::Mat& fg, const cv::Mat& alpha) {
    return [&fg, &alpha](int y0, int rows, uint16_t* rgba) {
        std::vector<uint16_t> bgr(size_t(fg.cols) * 3);
        for (int y = y0; y < y0 + rows; ++y) {
            encodeSrgb16(fg.ptr<float>(y), bgr.data(), bgr.size());
            const float* a = alpha.ptr<float>(y);
            for (int x = 0; x < fg.cols; ++x, rgba += 4) {
                rgba[0] = bgr[3 * x + 2];
                rgba[1] = bgr[3 * x + 1];
                rgba[2] = bgr[3 * x + 0];
                rgba[3] = alphaTo16(a[x]);
            }
        }
    };
}

}  // namespace

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
    if (ext == ".tif" || ext == ".tiff") {
        writeAtomically(path, [&](const std::string& tmp) { writeRgba16Tiff(tmp, fg.size(), cutoutRows(fg, alpha), tags); });
        return;
    }
    if (ext != ".png") throw InputError(path + ": unknown output format '" + ext + "' (use .png, .tif or .jpg)");
    const std::string png = encodeRgba16Png(fg.size(), cutoutRows(fg, alpha));
    writeBytesAtomically(path, tagPngAsSrgb(png, tags.xmp));
}

void saveGreyMap(const std::string& path, const cv::Mat& grey) {
    CV_Assert(grey.type() == CV_8UC1 || grey.type() == CV_16UC1);
    if (lowerExtension(path) == ".png") {
        writeBytesAtomically(path, encodeGreyPng(grey));
        return;
    }
    writeAtomically(path, [&](const std::string& tmp) {
        if (!cv::imwrite(tmp, grey)) throw OutputError("cannot write " + path);
    });
}

}  // namespace facet
