#include "calibration/calibration_files.hpp"

#include "pipeline/atomic_file.hpp"
#include "pipeline/errors.hpp"

#include <opencv2/imgcodecs.hpp>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace facet {

namespace fs = std::filesystem;

nlohmann::json calibrationRecord(const std::string& kind, const std::string& madeFrom, nlohmann::json fields) {
    const int64_t now = nowUnixSeconds();
    fields["kind"] = kind;
    fields["made_at"] = utcTimestamp(now);
    fields["made_at_unix"] = now;
    fields["made_from"] = madeFrom;
    return fields;
}

int64_t nowUnixSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string utcTimestamp(int64_t unixSeconds) {
    std::time_t t = static_cast<std::time_t>(unixSeconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

namespace {

// A stamp unique enough that two calibrations in the same second do not share file names.
std::string freshStamp() {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(now).count());
}

}  // namespace

void commitCalibration(const std::string& sidecarPath, const std::map<std::string, cv::Mat>& images,
                       nlohmann::json sidecar) {
    const fs::path sidecarFile(sidecarPath);
    const fs::path folder = sidecarFile.parent_path().empty() ? fs::path(".") : sidecarFile.parent_path();
    const std::string stem = sidecarFile.stem().string();
    const std::string stamp = freshStamp();

    // What the sidecar named before: removed once the new one is committed.
    std::vector<fs::path> previous;
    std::error_code ec;
    if (fs::exists(sidecarPath, ec)) {
        try {
            std::ifstream in(sidecarPath);
            auto old = nlohmann::json::parse(in);
            for (const auto& [role, name] : old.at("files").items()) previous.push_back(folder / name.get<std::string>());
        } catch (const std::exception&) {
            // An unreadable old sidecar names nothing we can safely delete.
        }
    }

    nlohmann::json files = nlohmann::json::object();
    std::vector<fs::path> written;
    try {
        for (const auto& [role, image] : images) {
            if (image.empty() || image.depth() != CV_32F)
                throw OutputError("cannot write " + sidecarPath + ": the " + role + " image is not float");
            const std::string name = stem + "." + stamp + "." + role + ".tif";
            const fs::path path = folder / name;
            writeAtomically(path.string(), [&](const std::string& tmp) {
                // Explicitly uncompressed: for 3-channel float, OpenCV 4.6 otherwise picks SGILog,
                // a lossy 16-bit log encoding that would shift the plate by ~0.5 %.
                if (!cv::imwrite(tmp, image, {cv::IMWRITE_TIFF_COMPRESSION, 1})) throw OutputError("cannot write " + path.string() + " (TIFF encoder failed)");
            });
            written.push_back(path);
            files[role] = name;
        }
        sidecar["files"] = files;
        writeBytesAtomically(sidecarPath, sidecar.dump(2) + "\n");
    } catch (...) {
        for (const auto& p : written) fs::remove(p, ec);
        throw;
    }
    for (const auto& p : previous) {
        bool stillUsed = false;
        for (const auto& w : written) stillUsed |= fs::equivalent(p, w, ec);
        if (!stillUsed) fs::remove(p, ec);
    }
}

nlohmann::json readCalibrationSidecar(const std::string& sidecarPath, const std::string& expectedKind) {
    std::error_code ec;
    if (!fs::exists(sidecarPath, ec))
        throw InputError(sidecarPath + ": no such calibration (make it with 'facet calibrate " + expectedKind + "')");
    std::ifstream in(sidecarPath);
    if (!in) throw InputError(sidecarPath + ": cannot be read (check its permissions)");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& e) {
        throw InputError(sidecarPath + ": not a calibration file (corrupt JSON at byte " + std::to_string(e.byte) +
                         "); make it again with 'facet calibrate " + expectedKind + "'");
    }
    if (!j.is_object() || !j.contains("kind") || !j["kind"].is_string())
        throw InputError(sidecarPath + ": not a calibration file (no \"kind\")");
    if (j["kind"] != expectedKind)
        throw InputError(sidecarPath + ": is a " + j["kind"].get<std::string>() + " calibration, not a " + expectedKind);
    return j;
}

cv::Mat readCalibrationImage(const std::string& sidecarPath, const nlohmann::json& sidecar, const std::string& role) {
    if (!sidecar.contains("files") || !sidecar["files"].contains(role) || !sidecar["files"][role].is_string())
        throw InputError(sidecarPath + ": names no " + role + " image");
    const std::string name = sidecar["files"][role].get<std::string>();
    if (name.find('/') != std::string::npos || name.find("..") != std::string::npos)
        throw InputError(sidecarPath + ": the " + role + " image name '" + name + "' is not a plain file name");
    fs::path folder = fs::path(sidecarPath).parent_path();
    const std::string path = (folder.empty() ? fs::path(name) : folder / name).string();
    cv::Mat image = cv::imread(path, cv::IMREAD_UNCHANGED);
    if (image.empty())
        throw InputError(path + ": the " + role + " image of " + sidecarPath + " is missing or corrupt");
    if (image.depth() != CV_32F) throw InputError(path + ": is not a float TIFF (was it edited?)");
    return image;
}

}  // namespace facet
