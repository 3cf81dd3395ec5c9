#pragma once
// What travels with an exported cutout: the shot's camera, lens, exposure and capture time
// (from the RAW file), and the studio's own labels (profile, collection). Written as TIFF
// tags, an XMP packet (TIFF, PNG) and a JSON sidecar beside any export.
#include "pipeline/raw_decode.hpp"

#include <string>

namespace facet {

struct ExportMetadata {
    std::string make, model, lens;
    std::string captureTime;      // EXIF form "YYYY:MM:DD HH:MM:SS", or ""
    float iso = 0, shutterSeconds = 0, aperture = 0, focalLengthMm = 0;
    std::string sourceFile;       // the shot it was cut from
    std::string profile;          // the cutout profile used (e.g. "pearls on velvet")
    std::string collection;       // the studio's collection / catalogue name
    std::string description;      // free text (TIFF ImageDescription)
    std::string software = "Facet";
};

ExportMetadata metadataFromRaw(const RawInfo& info, const std::string& sourceFile);

// "1/200 s", "2.5 s", or "" when unknown.
std::string exposureText(float seconds);

std::string metadataJson(const ExportMetadata& m);
// Throws InputError naming `origin` when the text is not a metadata JSON.
ExportMetadata metadataFromJson(const std::string& json, const std::string& origin);

// An XMP packet (tiff:, exif:, aux:, xmp:, dc: and facet: properties).
std::string metadataXmp(const ExportMetadata& m);

// FILE.json beside FILE (e.g. ring.tif -> ring.tif.json), written atomically.
std::string sidecarPathFor(const std::string& exportPath);
void writeMetadataSidecar(const std::string& exportPath, const ExportMetadata& m);

}  // namespace facet
