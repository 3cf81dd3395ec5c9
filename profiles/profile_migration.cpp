#include "profiles/profile_migration.hpp"

#include "profiles/camera_settings.hpp"
#include "profiles/profile.hpp"

#include <cctype>
#include <sstream>

namespace facet {

namespace {

// Moves every recorded location under `from` to `to` (the field and its children).
void relocate(ProfileDocument& doc, const std::string& from, const std::string& to) {
    std::map<std::string, FieldLocation> moved;
    for (auto it = doc.where.begin(); it != doc.where.end();) {
        const std::string& path = it->first;
        bool under = path == from || path.rfind(from + ".", 0) == 0 || path.rfind(from + "[", 0) == 0;
        if (under) {
            moved[to + path.substr(from.size())] = it->second;
            it = doc.where.erase(it);
        } else {
            ++it;
        }
    }
    doc.where.insert(moved.begin(), moved.end());
}

// Renames table[oldKey] to table[newKey]; `section` is the table's dotted path ("" for the root).
void renameKey(ProfileDocument& doc, toml::table& table, const std::string& section,
               const std::string& oldKey, const std::string& newKey, std::vector<ProfileIssue>& issues) {
    auto it = table.find(oldKey);
    if (it == table.end()) return;
    const std::string oldPath = childPath(section, oldKey), newPath = childPath(section, newKey);
    if (table.contains(newKey)) {
        issues.push_back(doc.issue(oldPath, "'" + oldKey + "' (the version 1 name) and '" + newKey +
                                                "' are both set; keep only '" + newKey + "'"));
        return;
    }
    table.insert_or_assign(newKey, std::move(it->second));
    table.erase(oldKey);
    relocate(doc, oldPath, newPath);
}

// The version 1 exposure string: "1/125 f/11 ISO100" (any order, any subset).
void splitExposure(ProfileDocument& doc, toml::table& camera, std::vector<ProfileIssue>& issues) {
    auto* node = camera.get("exposure");
    if (!node) return;
    const FieldLocation at = doc.locate("camera.exposure");
    auto* text = node->as_string();
    if (!text) {
        issues.push_back(doc.issue("camera.exposure", "exposure must be text such as \"1/125 f/11 ISO100\""));
        return;
    }
    std::istringstream words(text->get());
    std::string word;
    toml::table parts;
    while (words >> word) {
        std::string lower;
        for (char c : word) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower.rfind("iso", 0) == 0) {
            std::string digits = lower.substr(3);
            bool ok = !digits.empty() && digits.size() <= 7;
            for (char c : digits) ok = ok && std::isdigit(static_cast<unsigned char>(c));
            if (ok) {
                parts.insert_or_assign("iso", std::stoll(digits));
                continue;
            }
        } else if (lower[0] == 'f' && parseAperture(word)) {
            parts.insert_or_assign("aperture", word);
            continue;
        } else if (parseShutterSeconds(word)) {
            parts.insert_or_assign("shutter", word);
            continue;
        }
        issues.push_back(doc.issue("camera.exposure", "exposure '" + text->get() + "': '" + word +
                                                          "' is neither a shutter speed (1/125), an aperture "
                                                          "(f/11) nor an ISO (ISO100)"));
    }
    camera.erase("exposure");
    doc.where.erase("camera.exposure");
    for (auto& [key, value] : parts) {
        std::string k(key.str());
        if (camera.contains(k)) {
            issues.push_back(ProfileIssue{at.file, at.line, "camera." + k,
                                          "exposure (version 1) and '" + k + "' both set the " + k + "; keep one"});
            continue;
        }
        camera.insert_or_assign(k, std::move(value));
        doc.where["camera." + k] = at;
    }
}

void migrateCamera(ProfileDocument& doc, std::vector<ProfileIssue>& issues) {
    auto* camera = doc.table["camera"].as_table();
    if (!camera) return;
    splitExposure(doc, *camera, issues);
    renameKey(doc, *camera, "camera", "wb", "white_balance", issues);
    renameKey(doc, *camera, "camera", "target", "capture_target", issues);
    if (auto* both = camera->get("raw_plus_jpeg")) {
        const FieldLocation at = doc.locate("camera.raw_plus_jpeg");
        if (auto* flag = both->as_boolean()) {
            const bool rawPlusJpeg = flag->get();
            camera->erase("raw_plus_jpeg");
            doc.where.erase("camera.raw_plus_jpeg");
            if (!camera->contains("image_format")) {
                camera->insert_or_assign("image_format", rawPlusJpeg ? "raw+jpeg" : "raw");
                doc.where["camera.image_format"] = at;
            }
        } else {
            issues.push_back(doc.issue("camera.raw_plus_jpeg", "raw_plus_jpeg must be true or false"));
        }
    }
}

void migratePipeline(ProfileDocument& doc, std::vector<ProfileIssue>& issues) {
    renameKey(doc, doc.table, "", "matte", "pipeline", issues);
    auto* pipeline = doc.table["pipeline"].as_table();
    if (!pipeline) return;
    renameKey(doc, *pipeline, "pipeline", "stone_mode", "stones", issues);
    renameKey(doc, *pipeline, "pipeline", "edge_band", "edge_band_px", issues);
    // v1's "background" named the surface; v2's names the background model.
    if (pipeline->contains("background") && !pipeline->contains("surface"))
        renameKey(doc, *pipeline, "pipeline", "background", "surface", issues);
    if (auto* dual = pipeline->get("dual")) {
        const FieldLocation at = doc.locate("pipeline.dual");
        if (auto* flag = dual->as_boolean()) {
            const bool isDual = flag->get();
            pipeline->erase("dual");
            doc.where.erase("pipeline.dual");
            pipeline->insert_or_assign("background", isDual ? "dual" : "clean-plate");
            doc.where["pipeline.background"] = at;
        } else {
            issues.push_back(doc.issue("pipeline.dual", "dual must be true or false"));
        }
    }
}

void migrateExport(ProfileDocument& doc, std::vector<ProfileIssue>& issues) {
    auto* single = doc.table["export"].as_table();
    if (!single) return;
    renameKey(doc, *single, "export", "size", "long_edge_px", issues);
    if (auto* fill = single->get("fill")) {
        if (auto v = fill->value<double>(); v && !fill->is_boolean()) {
            const FieldLocation at = doc.locate("export.fill");
            single->erase("fill");
            doc.where.erase("export.fill");
            single->insert_or_assign("fill_percent", *v * 100.0);
            doc.where["export.fill_percent"] = at;
        } else {
            issues.push_back(doc.issue("export.fill", "fill must be a fraction such as 0.85"));
        }
    }
    toml::array list;
    list.push_back(std::move(*single));
    doc.table.insert_or_assign("export", std::move(list));
    relocate(doc, "export", "export[0]");
    if (auto it = doc.where.find("export[0]"); it != doc.where.end()) doc.where["export"] = it->second;
}

}  // namespace

void migrateProfile(ProfileDocument& doc, int fromVersion, std::vector<ProfileIssue>& issues) {
    if (fromVersion <= 1) {
        migrateCamera(doc, issues);
        migratePipeline(doc, issues);
        migrateExport(doc, issues);
    }
    // Future: if (fromVersion <= 2) { ... } and so on, each step one version.
    doc.table.insert_or_assign("version", static_cast<int64_t>(kProfileVersion));
}

}  // namespace facet
