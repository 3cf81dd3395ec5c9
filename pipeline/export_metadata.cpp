#include "pipeline/export_metadata.hpp"

#include "pipeline/atomic_file.hpp"
#include "pipeline/errors.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

namespace facet {

namespace {

std::string xmlEscape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default:
                // Control characters are not allowed in XML 1.0.
                if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n') out += c;
        }
    }
    return out;
}

// "2002:11:24 15:11:22" -> "2002-11-24T15:11:22" (XMP dates are ISO 8601).
std::string isoDate(const std::string& exif) {
    if (exif.size() != 19) return "";
    std::string d = exif;
    d[4] = '-';
    d[7] = '-';
    d[10] = 'T';
    return d;
}

std::string rational(double v, int denominator) {
    return std::to_string(std::lround(v * denominator)) + "/" + std::to_string(denominator);
}

}  // namespace

ExportMetadata metadataFromRaw(const RawInfo& info, const std::string& sourceFile) {
    ExportMetadata m;
    m.make = info.make;
    m.model = info.model;
    m.lens = info.lens;
    m.captureTime = exifDateTime(info.captureTime);
    m.iso = info.iso;
    m.shutterSeconds = info.shutterSeconds;
    m.aperture = info.aperture;
    m.focalLengthMm = info.focalLengthMm;
    m.sourceFile = sourceFile;
    return m;
}

std::string exposureText(float s) {
    if (!(s > 0)) return "";
    char buf[32];
    if (s < 0.4f)
        std::snprintf(buf, sizeof buf, "1/%.0f s", 1.0 / s);
    else
        std::snprintf(buf, sizeof buf, "%.1f s", double(s));
    return buf;
}

std::string metadataJson(const ExportMetadata& m) {
    nlohmann::ordered_json j;
    j["make"] = m.make;
    j["model"] = m.model;
    j["lens"] = m.lens;
    j["capture_time"] = m.captureTime;
    j["iso"] = m.iso;
    j["shutter_seconds"] = m.shutterSeconds;
    j["exposure"] = exposureText(m.shutterSeconds);
    j["aperture"] = m.aperture;
    j["focal_length_mm"] = m.focalLengthMm;
    j["source_file"] = m.sourceFile;
    j["profile"] = m.profile;
    j["collection"] = m.collection;
    j["description"] = m.description;
    j["software"] = m.software;
    j["colour_space"] = "sRGB";
    return j.dump(2) + "\n";
}

ExportMetadata metadataFromJson(const std::string& text, const std::string& origin) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw InputError(origin + ": not valid JSON (" + e.what() + ")");
    }
    if (!j.is_object()) throw InputError(origin + ": expected a JSON object of metadata");
    ExportMetadata m;
    auto str = [&](const char* key, std::string& to) {
        if (!j.contains(key)) return;
        if (!j[key].is_string()) throw InputError(origin + ": \"" + key + "\" must be text");
        to = j[key].get<std::string>();
    };
    auto num = [&](const char* key, float& to) {
        if (!j.contains(key)) return;
        if (!j[key].is_number()) throw InputError(origin + ": \"" + key + "\" must be a number");
        to = j[key].get<float>();
    };
    str("make", m.make);
    str("model", m.model);
    str("lens", m.lens);
    str("capture_time", m.captureTime);
    num("iso", m.iso);
    num("shutter_seconds", m.shutterSeconds);
    num("aperture", m.aperture);
    num("focal_length_mm", m.focalLengthMm);
    str("source_file", m.sourceFile);
    str("profile", m.profile);
    str("collection", m.collection);
    str("description", m.description);
    str("software", m.software);
    return m;
}

std::string metadataXmp(const ExportMetadata& m) {
    std::string x;
    auto prop = [&](const char* name, const std::string& value) {
        if (!value.empty()) x += "   <" + std::string(name) + ">" + xmlEscape(value) + "</" + name + ">\n";
    };
    x += "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n";
    x += "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n";
    x += " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n";
    x += "  <rdf:Description rdf:about=\"\"\n"
         "    xmlns:tiff=\"http://ns.adobe.com/tiff/1.0/\"\n"
         "    xmlns:exif=\"http://ns.adobe.com/exif/1.0/\"\n"
         "    xmlns:aux=\"http://ns.adobe.com/exif/1.0/aux/\"\n"
         "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
         "    xmlns:photoshop=\"http://ns.adobe.com/photoshop/1.0/\"\n"
         "    xmlns:facet=\"https://facet.studio/ns/1.0/\">\n";
    prop("tiff:Make", m.make);
    prop("tiff:Model", m.model);
    prop("aux:Lens", m.lens);
    prop("exif:DateTimeOriginal", isoDate(m.captureTime));
    prop("xmp:CreateDate", isoDate(m.captureTime));
    if (m.shutterSeconds > 0)
        prop("exif:ExposureTime", m.shutterSeconds < 0.4f ? "1/" + std::to_string(std::lround(1.0 / m.shutterSeconds))
                                                          : rational(m.shutterSeconds, 10));
    if (m.aperture > 0) prop("exif:FNumber", rational(m.aperture, 10));
    if (m.focalLengthMm > 0) prop("exif:FocalLength", rational(m.focalLengthMm, 10));
    if (m.iso > 0)
        x += "   <exif:ISOSpeedRatings><rdf:Seq><rdf:li>" + std::to_string(std::lround(m.iso)) +
             "</rdf:li></rdf:Seq></exif:ISOSpeedRatings>\n";
    prop("xmp:CreatorTool", m.software);
    prop("photoshop:ColorMode", "3");
    prop("photoshop:ICCProfile", "sRGB IEC61966-2.1");
    prop("facet:Profile", m.profile);
    prop("facet:Collection", m.collection);
    prop("facet:SourceFile", m.sourceFile);
    prop("facet:Description", m.description);
    x += "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>";
    return x;
}

std::string sidecarPathFor(const std::string& exportPath) { return exportPath + ".json"; }

void writeMetadataSidecar(const std::string& exportPath, const ExportMetadata& m) {
    writeBytesAtomically(sidecarPathFor(exportPath), metadataJson(m));
}

}  // namespace facet
