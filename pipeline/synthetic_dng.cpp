#include "pipeline/synthetic_dng.hpp"

#include "pipeline/atomic_file.hpp"
#include "pipeline/errors.hpp"

#include <tiffio.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace facet {

void writeSyntheticDng(const std::string& path, const SyntheticDngSpec& spec) {
    CV_Assert(spec.scene.type() == CV_32FC3 && spec.scene.cols % 2 == 0 && spec.scene.rows % 2 == 0);
    CV_Assert(spec.whiteLevel > spec.blackLevel && spec.whiteLevel <= 65535);
    const cv::Vec3f n = spec.asShotNeutral;
    CV_Assert(n[0] > 0 && n[1] > 0 && n[2] > 0);

    writeAtomically(path, [&](const std::string& tmp) {
        TIFF* tif = TIFFOpen(tmp.c_str(), "w");
        if (!tif) throw OutputError("cannot create " + path);
        const uint32_t w = spec.scene.cols, h = spec.scene.rows;
        TIFFSetField(tif, TIFFTAG_SUBFILETYPE, 0);
        TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, w);
        TIFFSetField(tif, TIFFTAG_IMAGELENGTH, h);
        TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 16);
        TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 1);
        TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_CFA);
        TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_NONE);
        TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
        TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, TIFFDefaultStripSize(tif, 0));
        TIFFSetField(tif, TIFFTAG_MAKE, spec.make.c_str());
        TIFFSetField(tif, TIFFTAG_MODEL, spec.model.c_str());
        TIFFSetField(tif, TIFFTAG_DATETIME, spec.dateTime.c_str());
        TIFFSetField(tif, TIFFTAG_SOFTWARE, "Facet synthetic DNG");
        const uint8_t version[4] = {1, 4, 0, 0}, backward[4] = {1, 1, 0, 0};
        TIFFSetField(tif, TIFFTAG_DNGVERSION, version);
        TIFFSetField(tif, TIFFTAG_DNGBACKWARDVERSION, backward);
        TIFFSetField(tif, TIFFTAG_UNIQUECAMERAMODEL, (spec.make + " " + spec.model).c_str());
        const uint16_t dim[2] = {2, 2};
        TIFFSetField(tif, TIFFTAG_CFAREPEATPATTERNDIM, dim);
        const uint8_t rggb[4] = {0, 1, 1, 2};
        TIFFSetField(tif, TIFFTAG_CFAPATTERN, 4, rggb);
        const float black[1] = {float(spec.blackLevel)};
        TIFFSetField(tif, TIFFTAG_BLACKLEVEL, 1, black);
        const uint32_t white[1] = {spec.whiteLevel};
        TIFFSetField(tif, TIFFTAG_WHITELEVEL, 1, white);
        const float neutral[3] = {n[0] / n[1], 1.0f, n[2] / n[1]};
        TIFFSetField(tif, TIFFTAG_ASSHOTNEUTRAL, 3, neutral);
        // XYZ (D65) -> linear sRGB, the inverse of the sRGB primaries' matrix: the "camera"
        // sees in sRGB primaries.
        const float xyzToSrgb[9] = {3.2404542f, -1.5371385f, -0.4985314f,
                                    -0.9692660f, 1.8760108f, 0.0415560f,
                                    0.0556434f, -0.2040259f, 1.0572252f};
        TIFFSetField(tif, TIFFTAG_COLORMATRIX1, 9, xyzToSrgb);
        TIFFSetField(tif, TIFFTAG_CALIBRATIONILLUMINANT1, 21);  // D65

        // Bayer RGGB: (even row, even col) red, (odd, odd) blue, the rest green.
        const double range = double(spec.whiteLevel) - spec.blackLevel;
        const float gain[3] = {n[2] / n[1], 1.0f, n[0] / n[1]};  // B G R, scene -> sensor
        std::vector<uint16_t> row(w);
        for (uint32_t y = 0; y < h; ++y) {
            const float* s = spec.scene.ptr<float>(int(y));
            for (uint32_t x = 0; x < w; ++x) {
                const int c = (y % 2 == 0) ? (x % 2 == 0 ? 2 : 1) : (x % 2 == 0 ? 1 : 0);
                const double v = spec.blackLevel + std::clamp(s[3 * x + c] * gain[c], 0.0f, 1.0f) * range;
                row[x] = uint16_t(std::lround(v));
            }
            if (TIFFWriteScanline(tif, row.data(), y, 0) < 0) {
                TIFFClose(tif);
                throw OutputError("cannot write " + path + " (is the disk full?)");
            }
        }
        TIFFClose(tif);
    });
}

}  // namespace facet
