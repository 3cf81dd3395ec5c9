#include "calibration/clean_plate.hpp"

#include "calibration/calibration_files.hpp"
#include "pipeline/errors.hpp"
#include "pipeline/image.hpp"
#include "pipeline/image_io.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace facet {

namespace {

// The median of a small array (partially sorts it).
float medianOf(float* v, int n) {
    std::nth_element(v, v + n / 2, v + n);
    float upper = v[n / 2];
    if (n % 2) return upper;
    return 0.5f * (upper + *std::max_element(v, v + n / 2));
}

}  // namespace

CleanPlate averagePlateFrames(const std::vector<cv::Mat>& frames, const PlateAveraging& options) {
    CV_Assert(frames.size() >= 3);
    const cv::Size size = frames[0].size();
    for (const auto& f : frames) CV_Assert(isLinearColour(f) && f.size() == size);
    const int n = static_cast<int>(frames.size());
    const int channels = 3;

    // Pass 1: per-pixel median and a robust spread (1.4826 x median absolute deviation).
    cv::Mat median(size, CV_32FC3), mad(size, CV_32FC3);
    std::vector<float> v(n), d(n);
    for (int y = 0; y < size.height; ++y) {
        std::vector<const float*> rows(n);
        for (int i = 0; i < n; ++i) rows[i] = frames[i].ptr<float>(y);
        float* med = median.ptr<float>(y);
        float* dev = mad.ptr<float>(y);
        for (int x = 0; x < size.width * channels; ++x) {
            for (int i = 0; i < n; ++i) v[i] = rows[i][x];
            const float m = medianOf(v.data(), n);
            for (int i = 0; i < n; ++i) d[i] = std::abs(rows[i][x] - m);
            med[x] = m;
            dev[x] = 1.4826f * medianOf(d.data(), n);
        }
    }
    // A per-pixel MAD from a handful of frames is itself noisy; pooling it over a small square
    // gives a steadier sigma while a hair (one frame, a few pixels) cannot inflate it much.
    cv::Mat sigma;
    cv::blur(mad, sigma, cv::Size(options.noiseSmoothingPx, options.noiseSmoothingPx), cv::Point(-1, -1),
             cv::BORDER_REFLECT);

    // Pass 2: mean and spread of the frames that agree with the median.
    cv::Mat plate(size, CV_32FC3), spread(size, CV_32FC3);
    size_t rejected = 0;
    for (int y = 0; y < size.height; ++y) {
        const float* med = median.ptr<float>(y);
        const float* sig = sigma.ptr<float>(y);
        float* out = plate.ptr<float>(y);
        float* var = spread.ptr<float>(y);
        for (int x = 0; x < size.width * channels; ++x) {
            // Floor the sigma: 8-bit sources quantise flat areas to identical values (MAD = 0).
            const float limit = static_cast<float>(options.clipSigmas) * std::max(sig[x], 2e-4f + 0.002f * med[x]);
            double sum = 0, sumSq = 0;
            int kept = 0;
            for (int i = 0; i < n; ++i) {
                const float value = frames[i].ptr<float>(y)[x];
                if (std::abs(value - med[x]) > limit) continue;
                sum += value;
                sumSq += static_cast<double>(value) * value;
                ++kept;
            }
            rejected += n - kept;
            if (kept == 0) {   // cannot happen (the median is within the limit), but stay safe
                out[x] = med[x];
                var[x] = 0;
                continue;
            }
            const double mean = sum / kept;
            out[x] = static_cast<float>(mean);
            var[x] = kept > 1 ? static_cast<float>(std::max(0.0, (sumSq - kept * mean * mean) / (kept - 1))) : 0.f;
        }
    }
    cv::Mat noise;
    cv::blur(spread, noise, cv::Size(options.noiseSmoothingPx, options.noiseSmoothingPx), cv::Point(-1, -1),
             cv::BORDER_REFLECT);
    cv::sqrt(noise, noise);

    CleanPlate result;
    result.image = plate;
    result.noise = noise;
    result.record.frames = n;
    result.record.width = size.width;
    result.record.height = size.height;
    result.record.rejectedFraction = static_cast<double>(rejected) / (static_cast<double>(size.area()) * channels * n);
    std::vector<float> all(noise.begin<float>(), noise.end<float>());
    if (!all.empty()) result.record.medianNoise = medianOf(all.data(), static_cast<int>(all.size()));
    return result;
}

CleanPlate averagePlateFiles(const std::vector<std::string>& paths, const PlateAveraging& options) {
    if (paths.size() < 3)
        throw InputError("a clean plate needs at least 3 frames of the empty set (got " + std::to_string(paths.size()) +
                         "): with fewer, dust or a hair in one frame cannot be voted out");
    std::vector<cv::Mat> frames;
    LoadedImage first;
    for (size_t i = 0; i < paths.size(); ++i) {
        LoadedImage img = loadImage(paths[i]);
        if (i == 0) {
            first = img;
        } else if (img.linear.size() != first.linear.size()) {
            throw InputError(paths[i] + " is " + std::to_string(img.linear.cols) + "x" + std::to_string(img.linear.rows) +
                             " but " + paths[0] + " is " + std::to_string(first.linear.cols) + "x" +
                             std::to_string(first.linear.rows) +
                             ": a plate is made from frames of one camera at one image size");
        } else if (img.format != first.format || img.bitDepth != first.bitDepth) {
            throw InputError(paths[i] + " is a " + std::to_string(img.bitDepth) + "-bit " + img.format + " but " +
                             paths[0] + " is a " + std::to_string(first.bitDepth) + "-bit " + first.format +
                             ": make a plate from frames of one kind (all RAW, or all TIFF)");
        }
        frames.push_back(img.linear);
    }
    CleanPlate plate = averagePlateFrames(frames, options);
    plate.record.sources = paths;
    return plate;
}

void saveCleanPlate(const std::string& sidecarPath, const CleanPlate& plate) {
    nlohmann::json sidecar = toJson(plate.record);
    sidecar["kind"] = "plate";
    sidecar["format"] = "32-bit float TIFF, linear light; noise = single-frame sigma per pixel";
    commitCalibration(sidecarPath, {{"plate", plate.image}, {"noise", plate.noise}}, sidecar);
}

CleanPlate loadCleanPlate(const std::string& sidecarPath) {
    nlohmann::json sidecar = readCalibrationSidecar(sidecarPath, "plate");
    CleanPlate plate;
    plate.record = plateRecordFromJson(sidecar, sidecarPath);
    plate.image = readCalibrationImage(sidecarPath, sidecar, "plate");
    plate.noise = readCalibrationImage(sidecarPath, sidecar, "noise");
    if (plate.image.size() != cv::Size(plate.record.width, plate.record.height) || plate.image.type() != CV_32FC3 ||
        plate.noise.size() != plate.image.size())
        throw InputError(sidecarPath + ": its images do not match its record (" + std::to_string(plate.record.width) +
                         "x" + std::to_string(plate.record.height) + "); make the plate again");
    return plate;
}

}  // namespace facet
