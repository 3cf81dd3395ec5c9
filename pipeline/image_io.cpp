#include "pipeline/image_io.hpp"

#include "pipeline/errors.hpp"
#include "pipeline/image.hpp"
#include "pipeline/raw_decode.hpp"
#include "pipeline/srgb.hpp"
#include "pipeline/tiff_read.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <exception>
#include <fstream>
#include <future>

namespace facet {

namespace fs = std::filesystem;

std::string sniffImageFormat(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    unsigned char m[16] = {};
    in.read(reinterpret_cast<char*>(m), sizeof m);
    const auto n = in.gcount();
    if (n >= 8 && m[0] == 0x89 && m[1] == 'P' && m[2] == 'N' && m[3] == 'G') return "png";
    if (n >= 3 && m[0] == 0xFF && m[1] == 0xD8 && m[2] == 0xFF) return "jpeg";
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
    const bool tiffMagic = n >= 4 && ((m[0] == 'I' && m[1] == 'I' && m[2] == 42 && m[3] == 0) ||
                                      (m[0] == 'M' && m[1] == 'M' && m[2] == 0 && m[3] == 42));
    // Most camera RAW formats are TIFF containers: the extension tells them apart.
    const bool tiffExt = ext == ".tif" || ext == ".tiff";
    if (tiffMagic && tiffExt) return "tiff";
    if (n > 0 && !tiffExt && ext != ".png" && ext != ".jpg" && ext != ".jpeg") return "raw";
    return "";
}

namespace {

cv::Mat toLinear(const cv::Mat& raw, const std::string& path) {
    cv::Mat img = raw;
    if (img.channels() == 4) cv::cvtColor(img, img, cv::COLOR_BGRA2BGR);
    if (img.channels() == 2) cv::cvtColor(img, img, cv::COLOR_GRAY2BGR);  // grey + alpha: drop alpha
    if (img.depth() == CV_32F) {
        if (img.channels() == 1) cv::cvtColor(img, img, cv::COLOR_GRAY2BGR);
        return img.clone();  // float TIFF: already linear by convention
    }
    if (img.depth() != CV_8U && img.depth() != CV_16U)
        throw InputError(path + ": unsupported sample format (only 8- or 16-bit images, or float TIFF)");
    return srgbToLinear(img);
}

}  // namespace


namespace {

// The checks every file gets first, with messages a photographer can act on; its format.
std::string readableFormat(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw InputError(path + ": file not found");
    if (fs::is_directory(path, ec)) throw InputError(path + ": is a folder, not an image");
    if (fs::file_size(path, ec) == 0) throw InputError(path + ": the file is empty");
    std::ifstream probe(path, std::ios::binary);
    if (!probe) throw InputError(path + ": cannot be read (check its permissions)");
    const std::string format = sniffImageFormat(path);
    if (format.empty()) throw InputError(path + ": not a PNG, TIFF or JPEG image (or the file is corrupt)");
    return format;
}

LoadedImage fromTiff(const std::string& path, LinearTiff&& tiff) {
    LoadedImage out;
    out.path = path;
    out.format = "tiff";
    out.channels = tiff.channels;
    out.bitDepth = tiff.bitDepth;
    out.linear = std::move(tiff.linear);
    return out;
}

// Decodes `paths` side by side; a file that cannot be read leaves its exception in `failed`.
std::vector<LoadedImage> loadTogether(const std::vector<std::string>& paths, std::vector<std::exception_ptr>& failed) {
    std::vector<LoadedImage> out(paths.size());
    failed.assign(paths.size(), nullptr);
    std::vector<std::future<LoadedImage>> others(paths.size());
    auto elsewhere = [&](size_t i) { others[i] = std::async(std::launch::async, [p = paths[i]] { return loadImage(p); }); };
    // Other formats (RAW, PNG, JPEG) decode on a thread each; strip TIFFs in one shared job.
    std::vector<std::string> tiffs;
    std::vector<size_t> tiffAt;
    for (size_t i = 0; i < paths.size(); ++i) {
        try {
            if (readableFormat(paths[i]) == "tiff") {
                tiffs.push_back(paths[i]);
                tiffAt.push_back(i);
            } else {
                elsewhere(i);
            }
        } catch (...) {
            failed[i] = std::current_exception();
        }
    }
    std::vector<TiffDecode> decoded = readLinearTiffs(tiffs);
    for (size_t k = 0; k < tiffs.size(); ++k) {
        const size_t i = tiffAt[k];
        if (!decoded[k].error.empty())
            failed[i] = std::make_exception_ptr(InputError(decoded[k].error));
        else if (decoded[k].image)
            out[i] = fromTiff(paths[i], std::move(*decoded[k].image));
        else
            elsewhere(i);  // a TIFF of another kind: cv::imread
    }
    for (size_t i = 0; i < paths.size(); ++i) {
        if (!others[i].valid()) continue;
        try {
            out[i] = others[i].get();
        } catch (...) {
            failed[i] = std::current_exception();
        }
    }
    return out;
}

}  // namespace

std::vector<LoadedImage> loadImages(const std::vector<std::string>& paths, const std::vector<bool>& halfPrecision) {
    std::vector<LoadedImage> out(paths.size());
    std::vector<std::exception_ptr> failed(paths.size());
    // Files held in half precision are read first, one at a time, each converted before the
    // next is read: its float frame is the only memory the conversion costs.
    std::vector<std::string> together;
    std::vector<size_t> togetherAt;
    for (size_t i = 0; i < paths.size(); ++i) {
        if (i < halfPrecision.size() && halfPrecision[i]) {
            std::vector<std::exception_ptr> one;
            std::vector<LoadedImage> read = loadTogether({paths[i]}, one);
            if (one[0]) {
                failed[i] = one[0];
                continue;
            }
            out[i] = std::move(read[0]);
            out[i].linear = halfPrecisionPlate(out[i].linear);
        } else {
            together.push_back(paths[i]);
            togetherAt.push_back(i);
        }
    }
    std::vector<std::exception_ptr> rest;
    std::vector<LoadedImage> read = loadTogether(together, rest);
    for (size_t k = 0; k < together.size(); ++k) {
        out[togetherAt[k]] = std::move(read[k]);
        failed[togetherAt[k]] = rest[k];
    }
    for (const auto& f : failed)
        if (f) std::rethrow_exception(f);
    return out;
}

LoadedImage loadImage(const std::string& path) {
    const std::string format = readableFormat(path);
    if (format == "raw") return loadRawImage(path);
    if (format == "tiff")
        if (auto tiff = readLinearTiff(path)) return fromTiff(path, std::move(*tiff));
    cv::Mat raw;
    try {
        raw = cv::imread(path, cv::IMREAD_UNCHANGED | cv::IMREAD_ANYDEPTH | cv::IMREAD_ANYCOLOR);
    } catch (const cv::Exception&) {
        raw.release();
    }
    if (raw.empty()) throw InputError(path + ": the " + format + " image is corrupt or truncated");

    LoadedImage out;
    out.path = path;
    out.format = format;
    out.channels = raw.channels();
    out.bitDepth = raw.depth() == CV_8U ? 8 : raw.depth() == CV_16U ? 16 : 32;
    out.linear = toLinear(raw, path);
    return out;
}

float codeAtBlack(int bitDepth, const std::string& format) {
    if (bitDepth >= 32) return 0.0f;  // float samples: no quantisation to speak of
    const double codes = std::pow(2.0, double(std::clamp(bitDepth, 1, 24))) - 1.0;
    return float(format == "raw" ? 1.0 / codes : 1.0 / (codes * 12.92));
}

void requireSameKind(const LoadedImage& shot, const LoadedImage& other, const std::string& role) {
    auto sz = [](const cv::Mat& m) { return std::to_string(m.cols) + "x" + std::to_string(m.rows); };
    if (shot.linear.size() != other.linear.size())
        throw InputError("the " + role + " " + other.path + " is " + sz(other.linear) + " but the shot " +
                         shot.path + " is " + sz(shot.linear) +
                         ": use a " + role + " taken with the same camera and image size");
    if (shot.bitDepth != other.bitDepth)
        throw InputError("the " + role + " " + other.path + " has " + std::to_string(other.bitDepth) +
                         "-bit samples but the shot " + shot.path + " has " + std::to_string(shot.bitDepth) +
                         ": export both the same way");
    if ((shot.channels == 1) != (other.channels == 1))
        throw InputError("the " + role + " " + other.path + " has " + std::to_string(other.channels) +
                         " channel(s) but the shot " + shot.path + " has " + std::to_string(shot.channels) +
                         ": export both in colour");
}

}  // namespace facet
