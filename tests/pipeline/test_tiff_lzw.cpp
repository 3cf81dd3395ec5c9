// Our LZW strip decoder gives libtiff's bytes exactly, refuses what it does not handle (so
// libtiff reads it), and the strip reader built on it gives imread's pixels for every layout
// and libtiff's error for a damaged strip.
#include "pipeline/errors.hpp"
#include "pipeline/srgb.hpp"
#include "pipeline/tiff_lzw.hpp"
#include "pipeline/tiff_read.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <tiffio.h>

#include <cstdarg>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

using namespace facet;

namespace {

using Bytes = std::vector<uint8_t>;

// Samples in file order (R, G, B[, A] or grey): a smooth ramp with some noise (short and long
// LZW strings, as in a photo), or plain noise (`noise`: the table fills and clears often).
cv::Mat samples(cv::Size size, int depth, int channels, bool noise, uint64_t seed) {
    cv::Mat m(size, CV_MAKETYPE(depth, channels));
    cv::RNG rng(seed);
    const double top = depth == CV_8U ? 255 : 65535;
    if (noise) {
        rng.fill(m, cv::RNG::UNIFORM, 0, top + 1);
        return m;
    }
    cv::Mat ramp(size, CV_64FC(channels)), jitter(size, CV_64FC(channels));
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x)
            for (int c = 0; c < channels; ++c)
                ramp.ptr<double>(y)[x * channels + c] = top * (x + 2 * y + 17 * c) / (size.width + 2 * size.height + 60);
    rng.fill(jitter, cv::RNG::NORMAL, 0, top / 300);
    cv::Mat(ramp + jitter).convertTo(m, m.type());
    return m;
}

struct TiffOptions {
    int compression = COMPRESSION_LZW;
    int predictor = PREDICTOR_HORIZONTAL;
    int rowsPerStrip = 1;
    bool bigEndian = false;
    int fillOrder = FILLORDER_MSB2LSB;
};

// A TIFF as libtiff writes it (which is what OpenCV, and in layout Photoshop, write).
void writeTiff(const std::string& path, const cv::Mat& fileOrder, const TiffOptions& o) {
    TIFF* tif = TIFFOpen(path.c_str(), o.bigEndian ? "wb" : "wl");
    ASSERT_NE(tif, nullptr);
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, uint32_t(fileOrder.cols));
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, uint32_t(fileOrder.rows));
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, uint16_t(fileOrder.channels()));
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, uint16_t(fileOrder.elemSize1() * 8));
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, fileOrder.channels() < 3 ? PHOTOMETRIC_MINISBLACK : PHOTOMETRIC_RGB);
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    if (fileOrder.channels() == 4) {
        uint16_t extra[] = {EXTRASAMPLE_UNASSALPHA};
        TIFFSetField(tif, TIFFTAG_EXTRASAMPLES, 1, extra);
    }
    TIFFSetField(tif, TIFFTAG_COMPRESSION, uint16_t(o.compression));
    if (o.predictor != PREDICTOR_NONE) TIFFSetField(tif, TIFFTAG_PREDICTOR, uint16_t(o.predictor));
    TIFFSetField(tif, TIFFTAG_FILLORDER, uint16_t(o.fillOrder));
    TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, uint32_t(o.rowsPerStrip));
    for (int y = 0; y < fileOrder.rows; ++y) 
        ASSERT_GE(TIFFWriteScanline(tif, const_cast<uint8_t*>(fileOrder.ptr(y)), uint32_t(y), 0), 0);
    TIFFClose(tif);
}

// What loadImage gave before the fast path: imread, alpha dropped, sRGB table, grey to BGR.
cv::Mat viaImread(const std::string& path) {
    cv::Mat raw = cv::imread(path, cv::IMREAD_UNCHANGED);
    if (raw.channels() == 4) cv::cvtColor(raw, raw, cv::COLOR_BGRA2BGR);
    return srgbToLinear(raw);
}

// libtiff's first complaint while it reads the file's strips, as the reader collects it.
std::string libtiffError(const std::string& path) {
    std::string first;
    TIFFOpenOptions* options = TIFFOpenOptionsAlloc();
    TIFFOpenOptionsSetErrorHandlerExtR(
        options,
        [](TIFF*, void* user, const char*, const char* fmt, va_list ap) {
            auto* text = static_cast<std::string*>(user);
            if (text->empty()) {
                char buffer[512];
                std::vsnprintf(buffer, sizeof buffer, fmt, ap);
                *text = buffer;
            }
            return 1;
        },
        &first);
    TIFFOpenOptionsSetWarningHandlerExtR(options, [](TIFF*, void*, const char*, const char*, va_list) { return 1; },
                                         nullptr);
    TIFF* tif = TIFFOpenExt(path.c_str(), "r", options);
    TIFFOpenOptionsFree(options);
    if (!tif) return first;
    Bytes strip(size_t(TIFFStripSize(tif)));
    for (tstrip_t s = 0; s < TIFFNumberOfStrips(tif) && first.empty(); ++s)
        TIFFReadEncodedStrip(tif, s, strip.data(), -1);
    TIFFClose(tif);
    return first;
}

struct Strip {
    Bytes encoded;  // as stored, followed by the decoder's padding
    Bytes libtiff;  // as libtiff decodes it (predictor undone)
};

std::vector<Strip> stripsOf(const std::string& path) {
    std::vector<Strip> strips;
    TIFF* tif = TIFFOpen(path.c_str(), "r");
    if (!tif) return strips;
    for (tstrip_t s = 0; s < TIFFNumberOfStrips(tif); ++s) {
        Strip strip;
        const uint64_t size = TIFFGetStrileByteCount(tif, s);
        strip.encoded.resize(size + LzwStripDecoder::kInputPadding);
        TIFFReadRawStrip(tif, s, strip.encoded.data(), tmsize_t(size));
        strip.encoded.resize(size);
        strip.libtiff.resize(size_t(TIFFStripSize(tif)));
        strip.libtiff.resize(size_t(TIFFReadEncodedStrip(tif, s, strip.libtiff.data(), -1)));
        strips.push_back(std::move(strip));
    }
    TIFFClose(tif);
    return strips;
}

// Our decoder on `encoded`, nullopt when it refuses.
std::optional<Bytes> decode(LzwStripDecoder& lzw, Bytes encoded, size_t decodedSize) {
    const size_t size = encoded.size();
    encoded.resize(size + LzwStripDecoder::kInputPadding, 0xA5);  // padding of any value
    const uint8_t* out = lzw.decode(encoded.data(), size, decodedSize);
    if (!out) return std::nullopt;
    return Bytes(out, out + decodedSize);
}

// Horizontal differencing undone (TIFF predictor 2), as libtiff does after decoding.
void sumDifferences(Bytes& strip, int width, int samples, int bits) {
    const size_t rowBytes = size_t(width) * samples * bits / 8;
    for (size_t row = 0; row + rowBytes <= strip.size(); row += rowBytes) {
        if (bits == 8) {
            uint8_t* p = strip.data() + row;
            for (int i = samples; i < width * samples; ++i) p[i] = uint8_t(p[i] + p[i - samples]);
        } else {
            uint16_t* p = reinterpret_cast<uint16_t*>(strip.data() + row);
            for (int i = samples; i < width * samples; ++i) p[i] = uint16_t(p[i] + p[i - samples]);
        }
    }
}

// Every strip of an LZW TIFF through our decoder (which must not refuse any) gives libtiff's bytes.
void expectDecoderMatchesLibtiff(const std::string& path, const cv::Mat& fileOrder, const TiffOptions& o) {
    const std::vector<Strip> strips = stripsOf(path);
    ASSERT_FALSE(strips.empty()) << path;
    LzwStripDecoder lzw;
    for (size_t s = 0; s < strips.size(); ++s) {
        auto ours = decode(lzw, strips[s].encoded, strips[s].libtiff.size());
        ASSERT_TRUE(ours.has_value()) << path << " strip " << s;
        if (o.predictor == PREDICTOR_HORIZONTAL)
            sumDifferences(*ours, fileOrder.cols, fileOrder.channels(), int(fileOrder.elemSize1() * 8));
        ASSERT_EQ(*ours, strips[s].libtiff) << path << " strip " << s;
    }
}

// A code stream written by hand: `codes` of `width` bits, most significant bit first.
Bytes codeStream(const std::vector<uint32_t>& codes, unsigned width = 9) {
    Bytes out;
    uint64_t bits = 0;
    unsigned count = 0;
    for (uint32_t code : codes) {
        bits = (bits << width) | code;
        count += width;
        while (count >= 8) {
            out.push_back(uint8_t(bits >> (count - 8)));
            count -= 8;
        }
    }
    if (count > 0) out.push_back(uint8_t(bits << (8 - count)));
    return out;
}

constexpr uint32_t kClear = 256, kEnd = 257;

std::string text(const std::optional<Bytes>& bytes) {
    return bytes ? std::string(bytes->begin(), bytes->end()) : "(refused)";
}

}  // namespace

TEST(TiffLzw, HandWrittenStreamsDecodeAsTheSpecSays) {
    LzwStripDecoder lzw;
    // "ABABABA": A, B, AB (258), ABA (260: the code being defined, "KwKwK").
    EXPECT_EQ(text(decode(lzw, codeStream({kClear, 'A', 'B', 258, 260, kEnd}), 7)), "ABABABA");
    // A run: A, AA (258, being defined), AAA (259, being defined).
    EXPECT_EQ(text(decode(lzw, codeStream({kClear, 'A', 258, 259, kEnd}), 6)), "AAAAAA");
    // Clears may repeat, and a Clear mid-strip empties the table.
    EXPECT_EQ(text(decode(lzw, codeStream({kClear, kClear, 'x', 'y', kClear, 'z', 'z', 258, kEnd}), 6)), "xyzzzz");
    // The strip is full before End of Information (or without it): the rest is not read, and
    // a string longer than the room left is cut, as libtiff does.
    EXPECT_EQ(text(decode(lzw, codeStream({kClear, 'A', 'B', 258, 260}), 6)), "ABABAB");
    EXPECT_EQ(text(decode(lzw, codeStream({kClear, 'q', 'r', 0x1FF, 0x1FF}), 2)), "qr");
}

TEST(TiffLzw, WhatLibtiffShouldReadIsRefused) {
    LzwStripDecoder lzw;
    EXPECT_FALSE(decode(lzw, {}, 4));                                           // no data
    EXPECT_FALSE(decode(lzw, codeStream({'A', 'B', kEnd}), 2));                  // no Clear first
    EXPECT_FALSE(decode(lzw, {0x00, 0x01, 0x02, 0x03, 0x04}, 4));                // old-style codes
    EXPECT_FALSE(decode(lzw, codeStream({kClear, 'A', 'B', kEnd}), 3));          // ends short
    EXPECT_FALSE(decode(lzw, codeStream({kClear, 'A', 'B'}), 3));                // runs out of bits
    EXPECT_FALSE(decode(lzw, codeStream({kClear, 'A', 259, kEnd}), 3));          // not in the table yet
    EXPECT_FALSE(decode(lzw, codeStream({kClear, 258, kEnd}), 2));               // a string, empty table
    EXPECT_FALSE(decode(lzw, codeStream({kClear, kEnd}), 1));                    // End right after Clear
    // The decoder is not left in a bad state by a refusal.
    EXPECT_EQ(text(decode(lzw, codeStream({kClear, 'o', 'k', kEnd}), 2)), "ok");
}

TEST(TiffLzw, DecoderMatchesLibtiffForEveryLayout) {
    test::TempDir dir;
    int n = 0;
    for (int depth : {CV_8U, CV_16U})
        for (int channels : {1, 3, 4})
            for (int predictor : {PREDICTOR_NONE, PREDICTOR_HORIZONTAL})
                for (int rowsPerStrip : {1, 5, 64, 1000}) {  // 1000: one strip for the whole image
                    const cv::Mat img = samples({37, 70}, depth, channels, false, uint64_t(++n));
                    const std::string path = dir / ("t" + std::to_string(n) + ".tif");
                    TiffOptions o;
                    o.predictor = predictor;
                    o.rowsPerStrip = rowsPerStrip;
                    writeTiff(path, img, o);
                    SCOPED_TRACE("depth " + std::to_string(depth) + " channels " + std::to_string(channels) +
                                 " predictor " + std::to_string(predictor) + " rows " + std::to_string(rowsPerStrip));
                    expectDecoderMatchesLibtiff(path, img, o);
                }
}

TEST(TiffLzw, NoiseFillsTheTableAndClearsIt) {
    test::TempDir dir;
    const std::string path = dir / "noise.tif";
    const cv::Mat img = samples({300, 200}, CV_16U, 3, true, 11);
    TiffOptions o;
    o.rowsPerStrip = 200;  // one strip of 360 kB
    writeTiff(path, img, o);
    const std::vector<Strip> strips = stripsOf(path);
    ASSERT_EQ(strips.size(), 1u);
    // More than 4096 codes of at least 9 bits: the table filled and was cleared, many times.
    EXPECT_GT(strips[0].encoded.size(), 4096u * 9 / 8 * 20);
    expectDecoderMatchesLibtiff(path, img, o);
}

TEST(TiffLzw, RunsMakeLongStringsThatRepeatThemselves) {
    test::TempDir dir;
    const std::string path = dir / "flat.tif";
    cv::Mat img(400, 301, CV_16UC3, cv::Scalar(4660, 4660, 4660));  // 0x1234: differences all 0
    img(cv::Rect(100, 100, 50, 50)) = cv::Scalar(10, 20, 30);
    TiffOptions o;
    o.rowsPerStrip = 400;
    writeTiff(path, img, o);
    expectDecoderMatchesLibtiff(path, img, o);
    o.predictor = PREDICTOR_NONE;
    writeTiff(path, img, o);
    expectDecoderMatchesLibtiff(path, img, o);
}

TEST(TiffLzw, DamagedStripsAreRefused) {
    test::TempDir dir;
    const std::string path = dir / "good.tif";
    const cv::Mat img = samples({64, 32}, CV_16U, 3, false, 5);
    TiffOptions o;
    o.rowsPerStrip = 32;
    writeTiff(path, img, o);
    const Strip strip = stripsOf(path).at(0);
    ASSERT_GT(strip.encoded.size(), 200u);
    LzwStripDecoder lzw;
    ASSERT_TRUE(decode(lzw, strip.encoded, strip.libtiff.size()));
    Bytes truncated(strip.encoded.begin(), strip.encoded.begin() + long(strip.encoded.size() / 2));
    EXPECT_FALSE(decode(lzw, truncated, strip.libtiff.size()));
    Bytes garbage = strip.encoded;
    for (size_t i = 100; i < 200; ++i) garbage.at(i) = 0xFF;
    EXPECT_FALSE(decode(lzw, garbage, strip.libtiff.size()));
    // More bytes asked for than the strip holds: it ends (End of Information) too early.
    EXPECT_FALSE(decode(lzw, strip.encoded, strip.libtiff.size() + 1));
}

TEST(TiffLzw, ReaderGivesImreadsPixelsForEveryLayout) {
    test::TempDir dir;
    int n = 0;
    for (int type : {CV_8UC1, CV_8UC3, CV_16UC1, CV_16UC3, CV_16UC4})
        for (int predictor : {PREDICTOR_NONE, PREDICTOR_HORIZONTAL})
            for (int rowsPerStrip : {1, 3, 64, 1000})
                for (int width : {1, 37}) {
                    ++n;
                    const bool noise = n % 2 == 1;
                    const cv::Mat img = samples({width, 70}, CV_MAT_DEPTH(type), CV_MAT_CN(type), noise, uint64_t(n));
                    const std::string path = dir / ("r" + std::to_string(n) + ".tif");
                    TiffOptions o;
                    o.predictor = predictor;
                    o.rowsPerStrip = rowsPerStrip;
                    writeTiff(path, img, o);
                    SCOPED_TRACE("type " + std::to_string(type) + " predictor " + std::to_string(predictor) +
                                 " rows " + std::to_string(rowsPerStrip) + " width " + std::to_string(width));
                    auto fast = readLinearTiff(path);
                    ASSERT_TRUE(fast.has_value());
                    EXPECT_EQ(fast->channels, img.channels());
                    EXPECT_EQ(cv::norm(fast->linear, viaImread(path), cv::NORM_INF), 0.0);
                }
}

TEST(TiffLzw, ReaderLeavesOddLzwFilesToLibtiff) {
    test::TempDir dir;
    const cv::Mat img = samples({45, 30}, CV_16U, 3, false, 9);
    TiffOptions bigEndian;
    bigEndian.bigEndian = true;
    bigEndian.rowsPerStrip = 4;
    TiffOptions bitReversed;
    bitReversed.fillOrder = FILLORDER_LSB2MSB;
    bitReversed.rowsPerStrip = 4;
    for (const auto& [name, options] : {std::pair{"mm.tif", bigEndian}, std::pair{"lsb.tif", bitReversed}}) {
        const std::string path = dir / name;
        writeTiff(path, img, options);
        auto fast = readLinearTiff(path);
        ASSERT_TRUE(fast.has_value()) << name;
        EXPECT_EQ(cv::norm(fast->linear, viaImread(path), cv::NORM_INF), 0.0) << name;
    }
}

// A copy of an LZW TIFF whose strip `damaged` is passed through `damage` (raw bytes).
void writeDamagedCopy(const std::string& from, const std::string& to, tstrip_t damaged,
                      const std::function<void(Bytes&)>& damage) {
    TIFF* in = TIFFOpen(from.c_str(), "r");
    TIFF* out = TIFFOpen(to.c_str(), "w");
    ASSERT_TRUE(in && out);
    for (ttag_t tag : {TIFFTAG_IMAGEWIDTH, TIFFTAG_IMAGELENGTH, TIFFTAG_ROWSPERSTRIP}) {
        uint32_t v = 0;
        TIFFGetField(in, tag, &v);
        TIFFSetField(out, tag, v);
    }
    for (ttag_t tag : {TIFFTAG_BITSPERSAMPLE, TIFFTAG_SAMPLESPERPIXEL, TIFFTAG_PHOTOMETRIC, TIFFTAG_COMPRESSION,
                       TIFFTAG_PREDICTOR, TIFFTAG_PLANARCONFIG}) {
        uint16_t v = 0;
        TIFFGetFieldDefaulted(in, tag, &v);
        TIFFSetField(out, tag, v);
    }
    for (tstrip_t s = 0; s < TIFFNumberOfStrips(in); ++s) {
        Bytes raw(TIFFGetStrileByteCount(in, s));
        TIFFReadRawStrip(in, s, raw.data(), tmsize_t(raw.size()));
        if (s == damaged) damage(raw);
        TIFFWriteRawStrip(out, s, raw.data(), tmsize_t(raw.size()));
    }
    TIFFClose(out);
    TIFFClose(in);
}

TEST(TiffLzw, ADamagedStripGetsLibtiffsErrorNamingTheFile) {
    test::TempDir dir;
    const std::string good = dir / "good.tif";
    TiffOptions o;
    o.rowsPerStrip = 8;
    writeTiff(good, samples({120, 64}, CV_16U, 3, false, 2), o);
    const std::vector<std::pair<std::string, std::function<void(Bytes&)>>> damages{
        {"truncated.tif", [](Bytes& b) { b.resize(b.size() / 2); }},
        {"garbage.tif", [](Bytes& b) { std::fill(b.begin() + 40, b.begin() + 80, 0xFF); }},
        {"noclear.tif", [](Bytes& b) { b[0] = 0x12; }},
    };
    for (const auto& [name, damage] : damages) {
        const std::string path = dir / name;
        writeDamagedCopy(good, path, 5, damage);
        const std::string libtiffSays = libtiffError(path);
        ASSERT_FALSE(libtiffSays.empty()) << name;
        try {
            readLinearTiff(path);
            FAIL() << name << " was read";
        } catch (const InputError& e) {
            const std::string message = e.what();
            EXPECT_EQ(message.rfind(path, 0), 0u) << message;
            EXPECT_NE(message.find("corrupt"), std::string::npos) << message;
            EXPECT_NE(message.find(libtiffSays), std::string::npos) << message << " / libtiff: " << libtiffSays;
        }
    }
}
