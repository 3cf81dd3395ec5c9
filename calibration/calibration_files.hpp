#pragma once
// How a calibration (a clean plate, a flat field, a colour matrix, a scale) lives on disk:
//
//   NAME.json                  the sidecar: what it is, when and how it was made, and the names of
//                              its image files. Written last, atomically: it is the commit.
//   NAME.<stamp>.<role>.tif    its images, 32-bit float TIFF, linear light, 3 channels (B,G,R in
//                              OpenCV, stored as RGB). Float, not 16-bit: a 16-bit TIFF is read as
//                              sRGB-encoded by pipeline/image_io, and the plate's noise (1e-3) would
//                              drown in 16-bit steps near black. Uncompressed: OpenCV's default for
//                              float RGB TIFF is SGILog, which is lossy.
//
// A new calibration writes new image files under a fresh stamp, then replaces the sidecar. If
// anything fails before that (a chart not found, a full disk), the old sidecar still names the
// old, complete set: the previous good calibration stays in use. Old images are removed only
// after the new sidecar is in place.
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include <map>
#include <string>

namespace facet {

// Writes images (role -> CV_32FC1/CV_32FC3) and the sidecar (with "files" filled in).
void commitCalibration(const std::string& sidecarPath, const std::map<std::string, cv::Mat>& images,
                       nlohmann::json sidecar);

// Reads a sidecar and checks its "kind"; InputError naming the file when missing, corrupt or
// of another kind.
nlohmann::json readCalibrationSidecar(const std::string& sidecarPath, const std::string& expectedKind);

// One of its images, as float; InputError when the file is missing or not what the sidecar says.
cv::Mat readCalibrationImage(const std::string& sidecarPath, const nlohmann::json& sidecar, const std::string& role);

// A sidecar: the calibration's own `fields` (a JSON object) with the fields every record has,
// its kind, when it was made (now) and from what.
nlohmann::json calibrationRecord(const std::string& kind, const std::string& madeFrom, nlohmann::json fields);

// Now, as ISO 8601 UTC ("2026-11-28T07:15:02Z") and as seconds since 1970.
std::string utcTimestamp(int64_t unixSeconds);
int64_t nowUnixSeconds();

}  // namespace facet
