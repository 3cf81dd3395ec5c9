#include "profiles/profile_writer.hpp"

#include <toml++/toml.h>

#include <sstream>

namespace facet {

namespace {

toml::array textList(const std::vector<std::string>& items) {
    toml::array a;
    for (const auto& s : items) a.push_back(s);
    return a;
}

const char* exportFormatName(ExportFormat f) { return extensionFor(f); }

}  // namespace

std::string profileToToml(const Profile& p) {
    toml::table root;
    root.insert("version", static_cast<int64_t>(kProfileVersion));
    root.insert("name", p.name);
    if (!p.title.empty()) root.insert("title", p.title);

    const CameraSettings& c = p.camera;
    root.insert("camera", toml::table{{"iso", static_cast<int64_t>(c.iso)},
                                      {"shutter", c.shutter.text},
                                      {"aperture", formatAperture(c.aperture)},
                                      {"white_balance", c.whiteBalance.text()},
                                      {"image_format", imageFormatName(c.imageFormat)},
                                      {"capture_target", captureTargetName(c.captureTarget)},
                                      {"lighting", lightingName(c.lighting)}});
    root.insert("guidance", toml::table{{"summary", p.guidance.summary},
                                        {"lights", textList(p.guidance.lights)},
                                        {"tips", textList(p.guidance.tips)}});
    const PipelineSettings& s = p.pipeline;
    root.insert("pipeline", toml::table{{"background", backgroundModelName(s.background)},
                                        {"stones", stoneTreatmentName(s.stones)},
                                        {"surface", surfaceKindName(s.surface)},
                                        {"edge_band_px", static_cast<int64_t>(s.edgeBandPx)},
                                        {"hole_noise_sigmas", s.holeNoiseSigmas},
                                        {"min_solvable_contrast", s.minSolvableContrast},
                                        {"plate_frames", static_cast<int64_t>(s.plateFrames)}});
    if (s.frontLightInBacklit >= 0)
        root["pipeline"].as_table()->insert("front_light_in_backlit", s.frontLightInBacklit);
    else
        root["pipeline"].as_table()->insert("front_light_in_backlit", "measure");
    const CheckThresholds& k = p.checks;
    root.insert("checks", toml::table{{"focus_max_edge_width_px", k.focusMaxEdgeWidthPx},
                                      {"exposure_highlight_min", k.exposureHighlightMin},
                                      {"exposure_highlight_max", k.exposureHighlightMax},
                                      {"exposure_max_clipped_fraction", k.exposureMaxClippedFraction},
                                      {"edge_contrast_min", k.edgeContrastMin},
                                      {"edge_contrast_max_low_fraction", k.edgeContrastMaxLowFraction},
                                      {"resolution_min_px", static_cast<int64_t>(k.resolutionMinPx)},
                                      {"background_max_delta_e", k.backgroundMaxDeltaE},
                                      {"background_max_lightness_drift", k.backgroundMaxLightnessDrift}});
    toml::array exports;
    for (const auto& e : p.exports) {
        toml::table t{{"name", e.name},
                      {"format", exportFormatName(e.format)},
                      {"long_edge_px", static_cast<int64_t>(e.longEdgePx)},
                      {"fill_percent", e.fillPercent},
                      {"background", e.background == ExportBackground::White ? "white" : "transparent"},
                      {"clipping_path", e.clippingPath}};
        if (e.format == ExportFormat::Jpeg) t.insert("jpeg_quality", static_cast<int64_t>(e.jpegQuality));
        exports.push_back(std::move(t));
    }
    root.insert("export", std::move(exports));

    std::ostringstream out;
    out << toml::toml_formatter(root, toml::toml_formatter::default_flags | toml::format_flags::relaxed_float_precision) << "\n";
    return out.str();
}

}  // namespace facet
