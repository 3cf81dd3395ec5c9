#include "pipeline/tiff_write.hpp"

#include "pipeline/errors.hpp"
#include "pipeline/srgb_tagging.hpp"

#include <libdeflate.h>
#include <opencv2/core/utility.hpp>
#include <tiffio.h>

#include <algorithm>
#include <memory>
#include <vector>

namespace facet {

namespace {

constexpr int kRowsPerStrip = 64;
constexpr int kStripsPerBatch = 16;  // encoded before being written: bounds the memory held

void setTags(TIFF* tif, cv::Size size, const CutoutFileTags& tags) {
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, uint32_t(size.width));
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, uint32_t(size.height));
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 4);
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 16);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_RGB);
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    uint16_t extra[] = {EXTRASAMPLE_UNASSALPHA};
    TIFFSetField(tif, TIFFTAG_EXTRASAMPLES, 1, extra);
    TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_ADOBE_DEFLATE);
    TIFFSetField(tif, TIFFTAG_PREDICTOR, PREDICTOR_HORIZONTAL);
    TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, uint32_t(kRowsPerStrip));
    TIFFSetField(tif, TIFFTAG_SOFTWARE, "Facet");
    const std::string& icc = srgbIccProfile();
    TIFFSetField(tif, TIFFTAG_ICCPROFILE, uint32_t(icc.size()), icc.data());
    if (!tags.make.empty()) TIFFSetField(tif, TIFFTAG_MAKE, tags.make.c_str());
    if (!tags.model.empty()) TIFFSetField(tif, TIFFTAG_MODEL, tags.model.c_str());
    if (!tags.dateTime.empty()) TIFFSetField(tif, TIFFTAG_DATETIME, tags.dateTime.c_str());
    if (!tags.description.empty()) TIFFSetField(tif, TIFFTAG_IMAGEDESCRIPTION, tags.description.c_str());
    if (!tags.xmp.empty()) TIFFSetField(tif, TIFFTAG_XMLPACKET, uint32_t(tags.xmp.size()), tags.xmp.data());
    if (!tags.photoshopResources.empty())
        TIFFSetField(tif, TIFFTAG_PHOTOSHOP, uint32_t(tags.photoshopResources.size()), tags.photoshopResources.data());
}

// The horizontal predictor (TIFF 6.0, section 14): each sample minus the same sample of the
// pixel to its left, modulo 2^16; compresses smooth colour and flat background far better.
void predictRows(uint16_t* samples, int width, int rows) {
    for (int r = 0; r < rows; ++r) {
        uint16_t* row = samples + size_t(r) * width * 4;
        for (int i = width * 4 - 1; i >= 4; --i) row[i] = uint16_t(row[i] - row[i - 4]);
    }
}

struct Compressor {
    libdeflate_compressor* c = libdeflate_alloc_compressor(1);  // fastest: the predictor does most
    ~Compressor() { libdeflate_free_compressor(c); }
    void compress(const uint16_t* samples, size_t bytes, std::vector<uint8_t>& out) const {
        out.resize(libdeflate_zlib_compress_bound(c, bytes));
        out.resize(libdeflate_zlib_compress(c, samples, bytes, out.data(), out.size()));
    }
};

bool allZero(const uint16_t* samples, size_t n) {
    return std::all_of(samples, samples + n, [](uint16_t v) { return v == 0; });
}

}  // namespace

void writeRgba16Tiff(const std::string& path, cv::Size size, const RgbaRowSource& source, const CutoutFileTags& tags) {
    CV_Assert(size.width > 0 && size.height > 0);
    // Classic TIFF whenever it fits (24 MP RGBA16 is ~200 MB): Photoshop, InDesign and most
    // retouching tools that read clipping paths don't open BigTIFF. BigTIFF only past ~3.5 GB.
    const bool big = double(size.width) * size.height * 8 > 3.5e9;
    std::unique_ptr<TIFF, decltype(&TIFFClose)> tif(TIFFOpen(path.c_str(), big ? "w8" : "w"), &TIFFClose);
    if (!tif) throw OutputError("cannot create " + path);
    setTags(tif.get(), size, tags);

    const int strips = (size.height + kRowsPerStrip - 1) / kRowsPerStrip;
    const size_t stripSamples = size_t(size.width) * 4 * kRowsPerStrip;
    // Most of a cutout is transparent: a full strip of zeros is deflated once and its bytes
    // reused (deflate is slowest on long runs, so this saves most of the encoding time).
    std::vector<uint8_t> zeroStrip;
    Compressor().compress(std::vector<uint16_t>(stripSamples, 0).data(), stripSamples * sizeof(uint16_t), zeroStrip);
    std::vector<std::vector<uint8_t>> encoded(kStripsPerBatch);
    for (int first = 0; first < strips; first += kStripsPerBatch) {
        const int count = std::min(kStripsPerBatch, strips - first);
        cv::parallel_for_(cv::Range(0, count), [&](const cv::Range& range) {
            thread_local Compressor compressor;
            std::vector<uint16_t> samples(stripSamples);
            for (int i = range.start; i < range.end; ++i) {
                const int y = (first + i) * kRowsPerStrip;
                const int rows = std::min(kRowsPerStrip, size.height - y);
                source(y, rows, samples.data());
                const size_t n = size_t(rows) * size.width * 4;
                if (rows == kRowsPerStrip && allZero(samples.data(), n)) {
                    encoded[i] = zeroStrip;
                    continue;
                }
                predictRows(samples.data(), size.width, rows);
                compressor.compress(samples.data(), n * sizeof(uint16_t), encoded[i]);
            }
        });
        for (int i = 0; i < count; ++i)
            if (encoded[i].empty() ||
                TIFFWriteRawStrip(tif.get(), uint32_t(first + i), encoded[i].data(), tmsize_t(encoded[i].size())) < 0)
                throw OutputError("cannot write " + path + " (is the disk full?)");
    }
    if (!TIFFFlush(tif.get())) throw OutputError("cannot write " + path + " (is the disk full?)");
}

}  // namespace facet
