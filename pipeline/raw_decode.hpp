#pragma once
// Camera RAW through LibRaw: decoded to linear light for the matting (which needs linear).
//
// What "linear" means here: black level subtracted, scaled so the sensor's white level is 1,
// white balanced (camera's as-shot or a given one), camera matrix to linear sRGB primaries,
// no gamma, no auto-brightening. Clipped highlights stay at 1.
#include "pipeline/image_io.hpp"

#include <opencv2/core.hpp>

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

namespace facet {

// Demosaicing: AHD is the careful one (no zipper along polished edges); PPG is ~2x faster and
// nearly as clean, for the 24 MP speed target.
enum class RawDemosaic { Fast, Careful };

struct RawDecodeOptions {
    // Red, green, blue multipliers (green normalised to 1). Empty: the camera's as-shot WB.
    std::optional<cv::Vec3f> whiteBalance;
    RawDemosaic demosaic = RawDemosaic::Fast;
    bool halfSize = false;  // one pixel per 2x2 Bayer cell: 4x fewer pixels, no demosaicing
};

// What the file says about the shot (for the report, the export metadata and the station).
struct RawInfo {
    std::string make, model, lens;
    float iso = 0;
    float shutterSeconds = 0;
    float aperture = 0;      // f-number
    float focalLengthMm = 0;
    std::time_t captureTime = 0;  // 0 when the file has none
    int width = 0, height = 0;    // visible image, before any rotation
    std::string cfaPattern;       // e.g. "RGGB"; empty for already-demosaiced files
    unsigned blackLevel = 0, whiteLevel = 0;
    cv::Vec3f cameraWhiteBalance{0, 0, 0};  // as shot, R G B, green = 1; zeros when the file has none
    int previewWidth = 0, previewHeight = 0;  // embedded preview, 0 when absent
    std::string previewFormat;                // "embedded" when the file has one, else ""
};

struct RawDecoded {
    LoadedImage image;   // linear CV_32FC3 BGR
    RawInfo info;
    cv::Vec3f whiteBalanceUsed{1, 1, 1};  // R G B, green = 1 (LibRaw falls back to daylight
                                          // when the camera's is missing or implausible)
};

// Full decode. Throws InputError naming the file for unsupported, truncated or corrupt files.
RawDecoded decodeRaw(const std::string& path, const RawDecodeOptions& options = {});

// The same from bytes in memory (`name` is used in messages). The fuzzing entry point.
RawDecoded decodeRawBuffer(const std::vector<std::uint8_t>& bytes, const std::string& name,
                           const RawDecodeOptions& options = {});

// The header and the raw data (some cameras' black level is measured from masked pixels),
// no demosaicing: about half the time of decodeRaw.
RawInfo readRawInfo(const std::string& path);

// loadImage()'s entry for RAW files: decodeRaw with the camera's white balance.
LoadedImage loadRawImage(const std::string& path);

// "2026:11:28 06:40:00" (the TIFF/EXIF DateTime form, local time as the camera wrote it), or "".
std::string exifDateTime(std::time_t t);

}  // namespace facet
