#include "pipeline/tiff_read.hpp"

#include "pipeline/errors.hpp"

#include "pipeline/srgb.hpp"

#include <opencv2/core/utility.hpp>
#include <tiffio.h>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

namespace facet {

namespace {

// libtiff reports through handlers; collect the first error for the message, drop warnings
// (unknown private tags are common in camera and editor TIFFs).
struct TiffErrors {
    std::string first;
};

int onError(TIFF*, void* user, const char*, const char* fmt, va_list ap) {
    auto* errors = static_cast<TiffErrors*>(user);
    if (errors && errors->first.empty()) {
        char text[512];
        std::vsnprintf(text, sizeof text, fmt, ap);
        errors->first = text;  // libtiff's own words ("Using code not yet in table", ...)
    }
    return 1;
}

int onWarning(TIFF*, void*, const char*, const char*, va_list) { return 1; }

using TiffHandle = std::unique_ptr<TIFF, decltype(&TIFFClose)>;

TiffHandle openTiff(const std::string& path, TiffErrors& errors) {
    TIFFOpenOptions* options = TIFFOpenOptionsAlloc();
    TIFFOpenOptionsSetErrorHandlerExtR(options, onError, &errors);
    TIFFOpenOptionsSetWarningHandlerExtR(options, onWarning, nullptr);
    TIFF* tif = TIFFOpenExt(path.c_str(), "r", options);
    TIFFOpenOptionsFree(options);
    return TiffHandle(tif, &TIFFClose);
}

// The layout the fast path handles, as cv::imread would read it (no orientation applied, as
// imread with IMREAD_UNCHANGED).
struct Layout {
    uint32_t width = 0, height = 0, rowsPerStrip = 0;
    uint16_t bits = 0, samples = 0;
};

std::optional<Layout> simpleLayout(TIFF* tif) {
    Layout l;
    uint16_t photometric = 0, planar = PLANARCONFIG_CONTIG, format = SAMPLEFORMAT_UINT, compression = 0;
    if (TIFFIsTiled(tif) || !TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &l.width) ||
        !TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &l.height) || !TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric))
        return std::nullopt;
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &l.bits);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &l.samples);
    TIFFGetFieldDefaulted(tif, TIFFTAG_PLANARCONFIG, &planar);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLEFORMAT, &format);
    TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &l.rowsPerStrip);
    TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &compression);
    // 8-bit RGBA: imread premultiplies its colour by alpha (libtiff's RGBA reader); keep that as it is.
    const bool colour = photometric == PHOTOMETRIC_RGB && (l.samples == 3 || (l.samples == 4 && l.bits == 16));
    const bool grey = photometric == PHOTOMETRIC_MINISBLACK && l.samples == 1;
    const bool lossless = compression == COMPRESSION_NONE || compression == COMPRESSION_LZW ||
                          compression == COMPRESSION_ADOBE_DEFLATE || compression == COMPRESSION_DEFLATE ||
                          compression == COMPRESSION_PACKBITS || compression == COMPRESSION_ZSTD;
    if (!(colour || grey) || !lossless || (l.bits != 8 && l.bits != 16) || format != SAMPLEFORMAT_UINT ||
        (planar != PLANARCONFIG_CONTIG && l.samples > 1) || l.width == 0 || l.height == 0)
        return std::nullopt;
    // The same ceiling on a header's claims as cv::imread (a decompression bomb is not read).
    const char* limit = std::getenv("OPENCV_IO_MAX_IMAGE_PIXELS");
    const double maxPixels = limit ? std::atof(limit) : double(1 << 30);
    if (double(l.width) * l.height > maxPixels || l.width > 1u << 20 || l.height > 1u << 20) return std::nullopt;
    l.rowsPerStrip = std::min(l.rowsPerStrip == 0 ? l.height : l.rowsPerStrip, l.height);
    return l;
}

// One decoded strip (file order R, G, B[, A] or grey) into linear BGR rows.
template <typename T>
void stripToLinear(const T* in, int rows, const Layout& l, const float* table, cv::Mat& out, int firstRow) {
    const int n = l.samples;
    for (int r = 0; r < rows; ++r) {
        const T* s = in + size_t(r) * l.width * n;
        float* d = out.ptr<float>(firstRow + r);
        if (n == 1) {
            for (uint32_t x = 0; x < l.width; ++x) d[3 * x] = d[3 * x + 1] = d[3 * x + 2] = table[s[x]];
        } else {
            for (uint32_t x = 0; x < l.width; ++x, s += n) {
                d[3 * x + 0] = table[s[2]];
                d[3 * x + 1] = table[s[1]];
                d[3 * x + 2] = table[s[0]];
            }
        }
    }
}

// Decodes strips [first, end) of one file into its frame, with a handle of its own (libtiff's
// handles are not shared between threads). Returns libtiff's complaint, empty when all went well.
std::string decodeStrips(const std::string& path, const Layout& layout, int first, int end, cv::Mat& frame) {
    TiffErrors errors;
    TiffHandle tif = openTiff(path, errors);
    if (!tif) return errors.first.empty() ? "cannot reopen the file" : errors.first;
    const float* table = srgbDecodeTable(layout.bits == 8 ? CV_8U : CV_16U);
    std::vector<uint8_t> buffer(size_t(TIFFStripSize(tif.get())));
    for (int s = first; s < end; ++s) {
        const int firstRow = s * int(layout.rowsPerStrip);
        const int rows = std::min(int(layout.rowsPerStrip), int(layout.height) - firstRow);
        const tmsize_t need = tmsize_t(rows) * layout.width * layout.samples * (layout.bits / 8);
        if (TIFFReadEncodedStrip(tif.get(), tstrip_t(s), buffer.data(), need) < need)
            return errors.first.empty() ? "strip " + std::to_string(s) + " is short" : errors.first;
        if (layout.bits == 8)
            stripToLinear(buffer.data(), rows, layout, table, frame, firstRow);
        else
            stripToLinear(reinterpret_cast<const uint16_t*>(buffer.data()), rows, layout, table, frame, firstRow);
    }
    return {};
}

}  // namespace

std::vector<TiffDecode> readLinearTiffs(const std::vector<std::string>& paths) {
    std::vector<TiffDecode> out(paths.size());
    std::vector<Layout> layouts(paths.size());
    struct Run {
        size_t file;
        int first, end;  // strips
    };
    std::vector<Run> runs;
    const int perFile = std::max(1, cv::getNumThreads());
    for (size_t f = 0; f < paths.size(); ++f) {
        TiffErrors errors;
        TiffHandle tif = openTiff(paths[f], errors);
        if (!tif) continue;  // imread says what is wrong
        const auto layout = simpleLayout(tif.get());
        if (!layout) continue;
        layouts[f] = *layout;
        LinearTiff& image = out[f].image.emplace();
        image.bitDepth = layout->bits;
        image.channels = layout->samples;
        image.linear.create(int(layout->height), int(layout->width), CV_32FC3);
        // Each file in as many runs of strips as there are cores: the runs of all files are one job.
        const int strips = int((layout->height + layout->rowsPerStrip - 1) / layout->rowsPerStrip);
        const int n = std::min(strips, perFile);
        for (int r = 0; r < n; ++r) runs.push_back({f, strips * r / n, strips * (r + 1) / n});
    }
    std::vector<std::string> failures(runs.size());
    cv::parallel_for_(cv::Range(0, int(runs.size())), [&](const cv::Range& range) {
        for (int i = range.start; i < range.end; ++i) {
            const Run& r = runs[i];
            failures[i] = decodeStrips(paths[r.file], layouts[r.file], r.first, r.end, out[r.file].image->linear);
        }
    }, double(runs.size()));
    for (size_t i = 0; i < runs.size(); ++i) {
        TiffDecode& d = out[runs[i].file];
        if (!failures[i].empty() && d.error.empty()) {
            d.error = paths[runs[i].file] + ": the tiff image is corrupt or truncated (" + failures[i] + ")";
            d.image.reset();
        }
    }
    return out;
}

std::optional<LinearTiff> readLinearTiff(const std::string& path) {
    TiffDecode d = std::move(readLinearTiffs({path}).front());
    if (!d.error.empty()) throw InputError(d.error);
    return std::move(d.image);
}

}  // namespace facet
