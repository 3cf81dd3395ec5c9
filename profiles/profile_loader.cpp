#include "profiles/profile_loader.hpp"

#include "profiles/did_you_mean.hpp"
#include "profiles/profile_document.hpp"
#include "profiles/profile_fields.hpp"
#include "profiles/profile_migration.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace facet {

namespace fs = std::filesystem;

namespace {

constexpr int kMaxExtendsDepth = 8;

std::string readProfileFile(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw InputError(path + ": profile file not found");
    if (fs::is_directory(path, ec)) throw InputError(path + ": is a folder, not a profile file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot be read (check its permissions)");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// version: required, a whole number this build knows.
int readVersion(const ProfileDocument& doc, std::vector<ProfileIssue>& issues) {
    const toml::node* v = doc.table.get("version");
    if (!v) {
        issues.push_back(ProfileIssue{doc.file, 0, "version",
                                      "no 'version' field; add `version = " + std::to_string(kProfileVersion) +
                                          "` at the top of the file"});
        return 0;
    }
    const auto* n = v->as_integer();
    if (!n || n->get() < 1) {
        issues.push_back(doc.issue("version", "version must be a whole number such as " +
                                                  std::to_string(kProfileVersion) + ", not " + describeType(*v)));
        return 0;
    }
    if (n->get() > kProfileVersion) {
        issues.push_back(doc.issue("version", "version " + std::to_string(n->get()) +
                                                  " was written by a newer Facet; this one reads versions 1 to " +
                                                  std::to_string(kProfileVersion)));
        return 0;
    }
    return static_cast<int>(n->get());
}

// Child over base: tables merge key by key, anything else (values, lists such as [[export]])
// replaces the base's whole. Locations follow the fields.
void mergeOver(toml::table& base, toml::table&& child, const std::string& section, ProfileDocument& into,
               std::map<std::string, FieldLocation>& childWhere) {
    for (auto& [k, value] : child) {
        std::string key(k.str());
        const std::string path = childPath(section, key);
        auto* baseTable = base.get(key) ? base.get(key)->as_table() : nullptr;
        if (baseTable && value.is_table()) {
            if (auto it = childWhere.find(path); it != childWhere.end()) into.where[path] = it->second;
            mergeOver(*baseTable, std::move(*value.as_table()), path, into, childWhere);
            continue;
        }
        // Replaced whole: forget the base's locations below this field.
        for (auto it = into.where.begin(); it != into.where.end();)
            it = (it->first == path || it->first.rfind(path + ".", 0) == 0 || it->first.rfind(path + "[", 0) == 0)
                     ? into.where.erase(it)
                     : std::next(it);
        for (const auto& [p, at] : childWhere)
            if (p == path || p.rfind(path + ".", 0) == 0 || p.rfind(path + "[", 0) == 0) into.where[p] = at;
        base.insert_or_assign(key, std::move(value));
    }
}

// Parses, migrates and resolves `extends`; returns the merged document (current version).
ProfileDocument resolveDocument(std::string_view text, const std::string& file, const ProfileLibrary* library,
                                std::vector<std::string>& chain) {
    ProfileDocument doc = parseProfileDocument(text, file);
    std::vector<ProfileIssue> issues;
    const int version = readVersion(doc, issues);
    if (!issues.empty()) throw ProfileError(issues);
    if (version < kProfileVersion) migrateProfile(doc, version, issues);
    if (!issues.empty()) throw ProfileError(issues);

    const toml::node* extendsNode = doc.table.get("extends");
    if (!extendsNode) return doc;
    const auto* extendsText = extendsNode->as_string();
    if (!extendsText)
        throw ProfileError({doc.issue("extends", "extends must be a profile name in quotes, such as "
                                                 "\"black-velvet\", not " + describeType(*extendsNode))});
    const std::string baseName = extendsText->get();
    if (!library)
        throw ProfileError({doc.issue("extends", "extends '" + baseName + "' cannot be followed here "
                                                 "(no profile folders to search)")});
    chain.push_back(file);
    if (chain.size() > kMaxExtendsDepth)
        throw ProfileError({doc.issue("extends", "extends goes more than " + std::to_string(kMaxExtendsDepth) +
                                                 " profiles deep; is there a loop?")});
    auto basePath = library->find(baseName, file);
    if (!basePath) {
        std::string searched;
        for (const auto& f : library->folders()) searched += (searched.empty() ? "" : ", ") + f;
        throw ProfileError({doc.issue("extends", "extends '" + baseName + "': no such profile (searched " +
                                                 searched + "); 'facet profile list' shows them")});
    }
    for (const auto& earlier : chain) {
        std::error_code ec;
        if (fs::equivalent(earlier, *basePath, ec))
            throw ProfileError({doc.issue("extends", "extends '" + baseName + "' leads back to " + earlier +
                                                     ": profiles cannot extend each other in a loop")});
    }
    ProfileDocument base = resolveDocument(readProfileFile(*basePath), *basePath, library, chain);
    chain.pop_back();

    auto childWhere = doc.where;
    doc.table.erase("extends");
    mergeOver(base.table, std::move(doc.table), "", base, childWhere);
    base.table.insert_or_assign("extends", baseName);
    base.where["extends"] = childWhere["extends"];
    base.file = file;
    return base;
}

template <typename T>
std::function<std::optional<T>(const std::string&)> choices(std::vector<std::pair<std::string, T>> options) {
    return [options](const std::string& s) -> std::optional<T> {
        for (const auto& [name, value] : options)
            if (s == name) return value;
        return std::nullopt;
    };
}

void readCamera(ProfileFields& f, CameraSettings& c) {
    f.integer("iso", c.iso, 25, 409600);
    f.parsed<ShutterSpeed>(
        "shutter", c.shutter,
        [](const std::string& s) -> std::optional<ShutterSpeed> {
            if (auto sec = parseShutterSeconds(s)) return ShutterSpeed{*sec, s};
            return std::nullopt;
        },
        "is not a shutter speed (write it as the camera shows it: \"1/125\", \"1/8\", \"2\")");
    f.parsed<double>("aperture", c.aperture, parseAperture, "is not an aperture (write it as \"f/11\")");
    f.parsed<WhiteBalance>("white_balance", c.whiteBalance, parseWhiteBalance,
                           "is not a white balance (auto, daylight, flash, tungsten, fluorescent, cloudy, "
                           "shade, custom, or a colour temperature such as \"5500K\")");
    f.parsed<ImageFormat>("image_format", c.imageFormat, parseImageFormat,
                          "is not an image format (\"raw+jpeg\", \"raw\" or \"jpeg\")");
    f.parsed<CaptureTarget>("capture_target", c.captureTarget,
                            choices<CaptureTarget>({{"card", CaptureTarget::Card}, {"memory", CaptureTarget::Memory}}),
                            "is not a capture target (\"card\": keep a copy on the card, or \"memory\")");
    f.parsed<LightingKind>("lighting", c.lighting,
                           choices<LightingKind>({{"strobe", LightingKind::Strobe},
                                                  {"continuous", LightingKind::Continuous}}),
                           "is not a kind of lighting (\"strobe\" or \"continuous\")");
    f.rejectUnknown();
}

void readGuidance(ProfileFields& f, ShootingGuidance& g) {
    f.text("summary", g.summary);
    f.textList("lights", g.lights);
    f.textList("tips", g.tips);
    f.rejectUnknown();
}

void readPipeline(ProfileFields& f, PipelineSettings& p) {
    f.parsed<BackgroundModel>("background", p.background,
                              choices<BackgroundModel>({{"clean-plate", BackgroundModel::CleanPlate},
                                                        {"dual", BackgroundModel::Dual},
                                                        {"frame-model", BackgroundModel::FrameModel}}),
                              "is not a background model (\"clean-plate\", \"dual\" or \"frame-model\")");
    f.parsed<StoneTreatment>("stones", p.stones,
                             choices<StoneTreatment>({{"preserve", StoneTreatment::Preserve},
                                                      {"transmit", StoneTreatment::Transmit}}),
                             "is not a stone treatment (\"preserve\" or \"transmit\")");
    f.parsed<SurfaceKind>("surface", p.surface,
                          choices<SurfaceKind>({{"velvet", SurfaceKind::Velvet}, {"acrylic", SurfaceKind::Acrylic}}),
                          "is not a surface (\"velvet\" or \"acrylic\")");
    f.integer("edge_band_px", p.edgeBandPx, 1, 64);
    f.number("hole_noise_sigmas", p.holeNoiseSigmas, 0.5, 20);
    f.number("min_solvable_contrast", p.minSolvableContrast, 0.0, 1.0);
    f.integer("plate_frames", p.plateFrames, 3, 64);
    f.numberOrWord("front_light_in_backlit", p.frontLightInBacklit, 0.0, 1.0, "measure", -1);
    f.rejectUnknown();
}

void readChecks(ProfileFields& f, CheckThresholds& c) {
    f.number("focus_max_edge_width_px", c.focusMaxEdgeWidthPx, 0.5, 50);
    f.number("exposure_highlight_min", c.exposureHighlightMin, 0, 1);
    f.number("exposure_highlight_max", c.exposureHighlightMax, 0, 1);
    f.number("exposure_max_clipped_fraction", c.exposureMaxClippedFraction, 0, 1);
    f.number("edge_contrast_min", c.edgeContrastMin, 0, 1);
    f.number("edge_contrast_max_low_fraction", c.edgeContrastMaxLowFraction, 0, 1);
    f.integer("resolution_min_px", c.resolutionMinPx, 16, 100000);
    f.number("background_max_delta_e", c.backgroundMaxDeltaE, 0, 100);
    f.number("background_max_lightness_drift", c.backgroundMaxLightnessDrift, 0, 100);
    f.rejectUnknown();
    if (c.exposureHighlightMin >= c.exposureHighlightMax)
        f.fail("exposure_highlight_max", "exposure_highlight_max must be above exposure_highlight_min");
}

void readExport(ProfileFields& f, ExportPreset& e) {
    f.text("name", e.name);
    f.parsed<ExportFormat>("format", e.format,
                           choices<ExportFormat>({{"png", ExportFormat::Png}, {"tif", ExportFormat::Tiff},
                                                  {"tiff", ExportFormat::Tiff}, {"jpg", ExportFormat::Jpeg},
                                                  {"jpeg", ExportFormat::Jpeg}}),
                           "is not an export format (\"png\", \"tif\" or \"jpg\")");
    f.integer("long_edge_px", e.longEdgePx, 64, 30000);
    f.number("fill_percent", e.fillPercent, 10, 100);
    f.parsed<ExportBackground>("background", e.background,
                               choices<ExportBackground>({{"white", ExportBackground::White},
                                                          {"transparent", ExportBackground::Transparent}}),
                               "is not an export background (\"white\" or \"transparent\")");
    f.boolean("clipping_path", e.clippingPath);
    f.integer("jpeg_quality", e.jpegQuality, 1, 100);
    f.rejectUnknown();
    if (e.format == ExportFormat::Jpeg && e.background == ExportBackground::Transparent)
        f.fail("background", "a JPEG cannot be transparent: use format \"png\" or \"tif\", or background \"white\"");
}

Profile validate(const ProfileDocument& doc) {
    std::vector<ProfileIssue> issues;
    Profile p;
    p.sourcePath = doc.file;
    ProfileFields top(doc, &doc.table, "", issues);
    top.integer("version", p.version, 1, kProfileVersion);
    top.text("name", p.name);
    top.text("title", p.title);
    top.text("extends", p.extends);
    if (!doc.table.contains("name")) issues.push_back(ProfileIssue{doc.file, 0, "name", "no 'name' field"});

    ProfileFields camera(doc, top.table("camera"), "camera", issues);
    readCamera(camera, p.camera);
    ProfileFields guidance(doc, top.table("guidance"), "guidance", issues);
    readGuidance(guidance, p.guidance);
    ProfileFields pipeline(doc, top.table("pipeline"), "pipeline", issues);
    readPipeline(pipeline, p.pipeline);
    ProfileFields checks(doc, top.table("checks"), "checks", issues);
    readChecks(checks, p.checks);
    if (const toml::array* exports = top.array("export")) {
        for (size_t i = 0; i < exports->size(); ++i) {
            const std::string section = "export[" + std::to_string(i) + "]";
            const toml::table* t = exports->get(i)->as_table();
            if (!t) {
                issues.push_back(doc.issue(section, "each [[export]] must be a table of settings"));
                continue;
            }
            ExportPreset preset;
            ProfileFields fields(doc, t, section, issues);
            readExport(fields, preset);
            p.exports.push_back(preset);
        }
    }
    top.rejectUnknown();
    if (!issues.empty()) throw ProfileError(issues);

    if (p.camera.lighting == LightingKind::Strobe && p.camera.shutter.seconds < kFlashSyncSeconds * 0.99)
        p.warnings.push_back(doc.issue("camera.shutter", "shutter " + p.camera.shutter.text +
                                                             " is faster than most cameras' flash sync (1/250): "
                                                             "expect a dark band across the frame").text());
    if (p.pipeline.background == BackgroundModel::Dual && p.pipeline.stones == StoneTreatment::Preserve)
        p.warnings.push_back(doc.issue("pipeline.stones", "a dual capture measures stones' true transparency; "
                                                          "stones = \"preserve\" throws that away").text());
    if (p.exports.empty()) p.exports.push_back(ExportPreset{});
    return p;
}

}  // namespace

Profile parseProfileText(std::string_view text, const std::string& file, const ProfileLibrary* library) {
    std::vector<std::string> chain;
    return validate(resolveDocument(text, file, library, chain));
}

Profile loadProfileFile(const std::string& path, const ProfileLibrary& library) {
    return parseProfileText(readProfileFile(path), path, &library);
}

Profile loadProfile(const std::string& nameOrPath, const ProfileLibrary& library) {
    std::error_code ec;
    if (fs::path(nameOrPath).extension() == ".toml" || fs::is_regular_file(nameOrPath, ec))
        return loadProfileFile(nameOrPath, library);
    if (auto path = library.find(nameOrPath)) return loadProfileFile(*path, library);
    std::vector<std::string> names;
    for (const auto& l : library.list()) names.push_back(l.name);
    std::string message = "no profile named '" + nameOrPath + "'";
    if (std::string guess = closestName(nameOrPath, names); !guess.empty()) message += "; did you mean '" + guess + "'?";
    std::string searched;
    for (const auto& f : library.folders()) searched += (searched.empty() ? "" : ", ") + f;
    throw InputError(message + " (searched " + searched + ")");
}

const char* backgroundModelName(BackgroundModel m) {
    switch (m) {
        case BackgroundModel::CleanPlate: return "clean-plate";
        case BackgroundModel::Dual: return "dual";
        case BackgroundModel::FrameModel: return "frame-model";
    }
    return "?";
}
const char* stoneTreatmentName(StoneTreatment s) { return s == StoneTreatment::Preserve ? "preserve" : "transmit"; }
const char* surfaceKindName(SurfaceKind s) { return s == SurfaceKind::Velvet ? "velvet" : "acrylic"; }

}  // namespace facet
