#include "pipeline/tiff_read.hpp"

#include "pipeline/errors.hpp"

#include "pipeline/srgb.hpp"
#include "pipeline/tiff_lzw.hpp"

#include <opencv2/core/utility.hpp>
#include <tiffio.h>

#include <bit>
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
    // LZW strips our own decoder reads (tiff_lzw.hpp): new-style codes are checked per strip,
    // the rest here. The predictor, when there is one, is then undone by stripToLinear.
    bool ownLzw = false;
    bool horizontalPredictor = false;
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
    uint16_t predictor = PREDICTOR_NONE, fillOrder = FILLORDER_MSB2LSB;
    TIFFGetFieldDefaulted(tif, TIFFTAG_PREDICTOR, &predictor);
    TIFFGetFieldDefaulted(tif, TIFFTAG_FILLORDER, &fillOrder);
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
    // Our LZW decoder for the files every editor writes; libtiff for bit-reversed bytes, a
    // floating-point predictor, and big-endian 16-bit samples (rare; not worth the swapping).
    l.ownLzw = compression == COMPRESSION_LZW && fillOrder == FILLORDER_MSB2LSB &&
               (predictor == PREDICTOR_NONE || predictor == PREDICTOR_HORIZONTAL) && !TIFFIsBigEndian(tif) &&
               std::endian::native == std::endian::little;
    l.horizontalPredictor = predictor == PREDICTOR_HORIZONTAL;
    return l;
}

// One decoded strip (file order R, G, B[, A] or grey) into linear BGR rows. `Differences`:
// the samples are still differences from the sample to their left (TIFF's horizontal
// predictor, as our LZW decoder leaves them), summed here on the way (modulo 2^8 or 2^16).
template <typename T, bool Differences>
void stripToLinear(const T* in, int rows, const Layout& l, const float* table, cv::Mat& out, int firstRow) {
    const int n = l.samples;
    for (int r = 0; r < rows; ++r) {
        const T* s = in + size_t(r) * l.width * n;
        float* d = out.ptr<float>(firstRow + r);
        T red = 0, green = 0, blue = 0;  // or grey
        if (n == 1) {
            for (uint32_t x = 0; x < l.width; ++x) {
                red = Differences ? T(red + s[x]) : s[x];
                d[3 * x] = d[3 * x + 1] = d[3 * x + 2] = table[red];
            }
        } else {
            for (uint32_t x = 0; x < l.width; ++x, s += n) {
                red = Differences ? T(red + s[0]) : s[0];
                green = Differences ? T(green + s[1]) : s[1];
                blue = Differences ? T(blue + s[2]) : s[2];
                d[3 * x + 0] = table[blue];
                d[3 * x + 1] = table[green];
                d[3 * x + 2] = table[red];
            }
        }
    }
}

template <bool Differences>
void stripToLinear(const uint8_t* in, int rows, const Layout& l, const float* table, cv::Mat& out, int firstRow) {
    if (l.bits == 8)
        stripToLinear<uint8_t, Differences>(in, rows, l, table, out, firstRow);
    else
        stripToLinear<uint16_t, Differences>(reinterpret_cast<const uint16_t*>(in), rows, l, table, out, firstRow);
}

// A strip through our LZW decoder: its bytes as stored, decoded. nullptr when libtiff should
// read it instead (a read error, or a code stream the decoder leaves to libtiff).
const uint8_t* decodeOwnLzw(TIFF* tif, int strip, size_t decodedSize, LzwStripDecoder& lzw,
                            std::vector<uint8_t>& encoded) {
    const uint64_t size = TIFFGetStrileByteCount(tif, uint32_t(strip));
    // LZW's worst case is 12 bits a byte: a larger count is damage for libtiff to report.
    if (size == 0 || size > decodedSize + decodedSize / 2 + 1024) return nullptr;
    if (encoded.size() < size + LzwStripDecoder::kInputPadding) encoded.resize(size + LzwStripDecoder::kInputPadding);
    if (TIFFReadRawStrip(tif, tstrip_t(strip), encoded.data(), tmsize_t(size)) != tmsize_t(size)) return nullptr;
    return lzw.decode(encoded.data(), size, decodedSize);
}

// Decodes strips [first, end) of one file into its frame, with a handle of its own (libtiff's
// handles are not shared between threads). Returns libtiff's complaint, empty when all went well.
std::string decodeStrips(const std::string& path, const Layout& layout, int first, int end, cv::Mat& frame) {
    TiffErrors errors;
    TiffHandle tif = openTiff(path, errors);
    if (!tif) return errors.first.empty() ? "cannot reopen the file" : errors.first;
    const float* table = srgbDecodeTable(layout.bits == 8 ? CV_8U : CV_16U);
    std::vector<uint8_t> buffer, encoded;
    LzwStripDecoder lzw;
    for (int s = first; s < end; ++s) {
        const int firstRow = s * int(layout.rowsPerStrip);
        const int rows = std::min(int(layout.rowsPerStrip), int(layout.height) - firstRow);
        const tmsize_t need = tmsize_t(rows) * layout.width * layout.samples * (layout.bits / 8);
        if (layout.ownLzw) {
            const bool hadError = !errors.first.empty();
            if (const uint8_t* decoded = decodeOwnLzw(tif.get(), s, size_t(need), lzw, encoded)) {
                if (layout.horizontalPredictor)
                    stripToLinear<true>(decoded, rows, layout, table, frame, firstRow);
                else
                    stripToLinear<false>(decoded, rows, layout, table, frame, firstRow);
                continue;
            }
            if (!hadError) errors.first.clear();  // a failed raw read: libtiff's own read says what matters
        }
        // libtiff decodes (and undoes any predictor).
        if (buffer.empty()) buffer.resize(size_t(TIFFStripSize(tif.get())));
        if (TIFFReadEncodedStrip(tif.get(), tstrip_t(s), buffer.data(), need) < need)
            return errors.first.empty() ? "strip " + std::to_string(s) + " is short" : errors.first;
        stripToLinear<false>(buffer.data(), rows, layout, table, frame, firstRow);
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
