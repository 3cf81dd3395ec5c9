#include "calibration/collection_reference.hpp"

#include "pipeline/atomic_file.hpp"
#include "pipeline/checks/colour_difference.hpp"
#include "pipeline/errors.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

namespace facet {

using checks::BackgroundStats;
using nlohmann::json;

namespace {

std::string nowUtc() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string sizeText(cv::Size s) { return std::to_string(s.width) + "x" + std::to_string(s.height); }

json settingsJson(const CaptureSettings& s) {
    json j = json::object();
    if (s.iso) j["iso"] = *s.iso;
    if (s.shutterSeconds) j["shutter_s"] = *s.shutterSeconds;
    if (s.aperture) j["aperture"] = *s.aperture;
    if (!s.whiteBalance.empty()) j["white_balance"] = s.whiteBalance;
    return j;
}

// Reads one field, turning a missing or mistyped field into an InputError naming file and field.
template <typename T>
T field(const json& j, const char* name, const std::string& path) {
    if (!j.contains(name)) throw InputError(path + ": not a collection reference (field '" + name + "' is missing)");
    try {
        return j.at(name).get<T>();
    } catch (const json::exception&) {
        throw InputError(path + ": field '" + name + "' has the wrong type; make the reference again with 'facet reference create'");
    }
}

}  // namespace

CollectionReference makeCollectionReference(const std::vector<BackgroundStats>& frames,
                                            const std::vector<std::string>& sources, const CaptureSettings& settings) {
    if (frames.empty()) throw InputError("a collection reference needs at least one frame or plate");
    CollectionReference ref;
    ref.settings = settings;
    ref.sources = sources;
    ref.created = nowUtc();
    ref.frames = int(frames.size());
    BackgroundStats& b = ref.background;
    b = BackgroundStats{};
    b.frameSize = frames[0].frameSize;
    b.gridCols = frames[0].gridCols;
    b.gridRows = frames[0].gridRows;
    const size_t cells = size_t(b.gridCols) * b.gridRows;
    std::vector<cv::Vec3d> cellSum(cells, cv::Vec3d(0, 0, 0));
    std::vector<double> coverageSum(cells, 0);
    cv::Vec3d total(0, 0, 0);
    double crushed = 0;
    for (size_t k = 0; k < frames.size(); ++k) {
        const BackgroundStats& f = frames[k];
        const std::string name = k < sources.size() ? sources[k] : "frame " + std::to_string(k + 1);
        if (f.frameSize != b.frameSize)
            throw InputError(name + " is " + sizeText(f.frameSize) + " but the first is " + sizeText(b.frameSize) +
                             ": a reference is made from frames of one size (live view and captures need one each)");
        if (!f.valid()) throw InputError(name + ": no velvet visible (the piece or the matte covers the frame)");
        for (size_t i = 0; i < cells; ++i) {
            cellSum[i] += cv::Vec3d(f.cellBgr[i]) * f.cellCoverage[i];
            coverageSum[i] += f.cellCoverage[i];
        }
        total += f.meanBgr * double(f.samples);
        crushed += f.crushedFraction * f.samples;
        b.samples += f.samples;
    }
    b.cellBgr.resize(cells);
    b.cellCoverage.resize(cells);
    for (size_t i = 0; i < cells; ++i) {
        b.cellBgr[i] = coverageSum[i] > 0 ? cv::Vec3f(cellSum[i] * (1.0 / coverageSum[i])) : cv::Vec3f(0, 0, 0);
        b.cellCoverage[i] = float(coverageSum[i] / frames.size());
    }
    b.meanBgr = total * (1.0 / b.samples);
    b.luminance = checks::linearLuminance(cv::Vec3f(b.meanBgr));
    b.lab = checks::linearBgrToLab(b.meanBgr);
    b.crushedFraction = crushed / b.samples;
    return ref;
}

void saveCollectionReference(const CollectionReference& ref, const std::string& path) {
    const BackgroundStats& b = ref.background;
    json j;
    j["kind"] = "facet-collection-reference";
    j["version"] = CollectionReference::kVersion;
    j["name"] = ref.name;
    j["created"] = ref.created;
    j["frames"] = ref.frames;
    j["sources"] = ref.sources;
    j["frame_size"] = {b.frameSize.width, b.frameSize.height};
    j["settings"] = settingsJson(ref.settings);
    json bg;
    bg["luminance"] = b.luminance;
    bg["lightness"] = b.lab[0];
    bg["lab"] = {b.lab[0], b.lab[1], b.lab[2]};
    bg["linear_bgr"] = {b.meanBgr[0], b.meanBgr[1], b.meanBgr[2]};
    bg["crushed_fraction"] = b.crushedFraction;
    bg["samples"] = b.samples;
    bg["grid"] = {b.gridCols, b.gridRows};
    json cells = json::array(), coverage = json::array();
    for (size_t i = 0; i < b.cellBgr.size(); ++i) {
        cells.push_back({b.cellBgr[i][0], b.cellBgr[i][1], b.cellBgr[i][2]});
        coverage.push_back(b.cellCoverage[i]);
    }
    bg["cells_linear_bgr"] = cells;
    bg["cells_coverage"] = coverage;
    // Evenness as the photographer reads it: each cell's lightness against the mean (null: no velvet).
    json even = json::array();
    for (float v : b.relativeLightness()) even.push_back(std::isfinite(v) ? json(v) : json(nullptr));
    bg["evenness"] = even;
    j["background"] = bg;
    writeBytesAtomically(path, j.dump(2) + "\n");
}

CollectionReference loadCollectionReference(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot read the collection reference (missing or no permission)");
    std::stringstream ss;
    ss << in.rdbuf();
    json j;
    try {
        j = json::parse(ss.str());
    } catch (const json::parse_error& e) {
        throw InputError(path + ": not a valid collection reference (corrupt JSON at byte " + std::to_string(e.byte) +
                         "); make it again with 'facet reference create'");
    }
    if (!j.is_object() || j.value("kind", "") != "facet-collection-reference")
        throw InputError(path + ": not a Facet collection reference (no \"kind\": \"facet-collection-reference\")");
    const int version = field<int>(j, "version", path);
    if (version > CollectionReference::kVersion)
        throw InputError(path + ": made by a newer Facet (reference version " + std::to_string(version) + ")");

    CollectionReference ref;
    ref.name = j.value("name", "");
    ref.created = j.value("created", "");
    ref.frames = field<int>(j, "frames", path);
    ref.sources = j.value("sources", std::vector<std::string>{});
    const auto size = field<std::vector<int>>(j, "frame_size", path);
    if (size.size() != 2 || size[0] <= 0 || size[1] <= 0) throw InputError(path + ": field 'frame_size' must be [width, height]");
    if (j.contains("settings")) {
        const json& s = j["settings"];
        if (s.contains("iso")) ref.settings.iso = field<double>(s, "iso", path);
        if (s.contains("shutter_s")) ref.settings.shutterSeconds = field<double>(s, "shutter_s", path);
        if (s.contains("aperture")) ref.settings.aperture = field<double>(s, "aperture", path);
        ref.settings.whiteBalance = s.value("white_balance", "");
    }
    const json bg = field<json>(j, "background", path);
    BackgroundStats& b = ref.background;
    b.frameSize = {size[0], size[1]};
    const auto grid = field<std::vector<int>>(bg, "grid", path);
    if (grid.size() != 2 || grid[0] <= 0 || grid[1] <= 0 || grid[0] > 256 || grid[1] > 256)
        throw InputError(path + ": field 'background.grid' must be [columns, rows]");
    b.gridCols = grid[0];
    b.gridRows = grid[1];
    const auto cells = field<std::vector<std::vector<double>>>(bg, "cells_linear_bgr", path);
    const auto coverage = field<std::vector<double>>(bg, "cells_coverage", path);
    const size_t n = size_t(b.gridCols) * b.gridRows;
    if (cells.size() != n || coverage.size() != n)
        throw InputError(path + ": field 'background.cells_linear_bgr' must have " + std::to_string(n) + " cells");
    for (size_t i = 0; i < n; ++i) {
        if (cells[i].size() != 3) throw InputError(path + ": each of 'background.cells_linear_bgr' must be [b, g, r]");
        b.cellBgr.emplace_back(float(cells[i][0]), float(cells[i][1]), float(cells[i][2]));
        b.cellCoverage.push_back(float(coverage[i]));
    }
    const auto mean = field<std::vector<double>>(bg, "linear_bgr", path);
    if (mean.size() != 3) throw InputError(path + ": field 'background.linear_bgr' must be [b, g, r]");
    b.meanBgr = {mean[0], mean[1], mean[2]};
    b.samples = field<int>(bg, "samples", path);
    b.crushedFraction = bg.value("crushed_fraction", 0.0);
    b.luminance = checks::linearLuminance(cv::Vec3f(b.meanBgr));
    b.lab = checks::linearBgrToLab(b.meanBgr);
    if (!(b.luminance > 0) || b.samples <= 0)
        throw InputError(path + ": the reference's background is empty or black; make it again from plates of the set");
    return ref;
}

checks::BackgroundResult compareToReference(const CollectionReference& ref, const BackgroundStats& frame,
                                            const checks::CheckThresholds& t, bool strict, const std::string& referencePath,
                                            const CaptureSettings* frameSettings) {
    if (frame.frameSize != ref.background.frameSize)
        throw InputError(referencePath + " was made from " + sizeText(ref.background.frameSize) +
                         " frames but this frame is " + sizeText(frame.frameSize) +
                         ": make a reference from frames like this one (facet reference create)");
    if (frame.gridCols != ref.background.gridCols || frame.gridRows != ref.background.gridRows)
        throw InputError(referencePath + ": its evenness grid is " + std::to_string(ref.background.gridCols) + "x" +
                         std::to_string(ref.background.gridRows) + ", not the " + std::to_string(frame.gridCols) + "x" +
                         std::to_string(frame.gridRows) + " this Facet measures; make it again");
    checks::BackgroundResult r = checks::compareBackground(frame, &ref.background, nullptr, t, strict);
    if (frameSettings) {
        std::vector<std::string> changed;
        auto differs = [](const std::optional<double>& a, const std::optional<double>& b) {
            return a && b && std::abs(*a - *b) > 1e-6 * std::max(std::abs(*a), std::abs(*b));
        };
        auto num = [](double v) { char buf[32]; std::snprintf(buf, sizeof buf, "%g", v); return std::string(buf); };
        if (differs(ref.settings.iso, frameSettings->iso))
            changed.push_back("ISO " + num(*ref.settings.iso) + " -> " + num(*frameSettings->iso));
        if (differs(ref.settings.shutterSeconds, frameSettings->shutterSeconds))
            changed.push_back("shutter " + num(*ref.settings.shutterSeconds) + " s -> " + num(*frameSettings->shutterSeconds) + " s");
        if (differs(ref.settings.aperture, frameSettings->aperture))
            changed.push_back("f/" + num(*ref.settings.aperture) + " -> f/" + num(*frameSettings->aperture));
        if (!ref.settings.whiteBalance.empty() && !frameSettings->whiteBalance.empty() &&
            ref.settings.whiteBalance != frameSettings->whiteBalance)
            changed.push_back("white balance " + ref.settings.whiteBalance + " -> " + frameSettings->whiteBalance);
        if (!changed.empty()) {
            std::string list;
            for (const auto& c : changed) list += (list.empty() ? "" : ", ") + c;
            r.findings.push_back({checks::Verdict::Warn, "settings",
                                  "The camera settings differ from the collection's (" + list + "): set them back."});
            r.verdict = checks::worstVerdict(r.findings);
            r.nonConforming = strict && r.verdict != checks::Verdict::Ok;
            r.message = checks::joinMessages(r.findings, r.message);
            if (r.nonConforming) r.message += " This capture does not conform to the strict collection.";
        }
    }
    return r;
}

}  // namespace facet
