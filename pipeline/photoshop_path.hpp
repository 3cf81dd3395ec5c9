#pragma once
// Photoshop's own storage for paths, as TIFF tag 34377 (and PSD) carry it: "8BIM" image
// resource blocks, resource 2000 holding the path and 2999 naming the clipping path.
// Photoshop, InDesign, Capture One and most retouching houses' tools read it.
#include "pipeline/clipping_path.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace facet {

struct PhotoshopResource {
    std::uint16_t id = 0;
    std::string name;
    std::string data;
};

// Path records: 26-byte records, coordinates as signed 8.24 fixed-point fractions of the
// image height (vertical) and width (horizontal).
std::string encodePhotoshopPath(const ClippingPath& path);
// Throws InputError when the records are malformed.
ClippingPath decodePhotoshopPath(std::string_view records, cv::Size imageSize);

// The resource blocks for `path` saved as `name` and made the clipping path (even-odd fill,
// so the holes are holes whatever their direction).
std::string photoshopClippingPathResources(const ClippingPath& path, const std::string& name);

std::string encodePhotoshopResources(const std::vector<PhotoshopResource>& resources);
// Throws InputError when the blocks are malformed (bad signature, lengths past the end).
std::vector<PhotoshopResource> decodePhotoshopResources(std::string_view bytes);

// The JPEG with the resource blocks in APP13 "Photoshop 3.0" segments (after its APP0/APP1
// headers), as Photoshop stores a JPEG's clipping path. Throws InputError for a non-JPEG.
std::string jpegWithPhotoshopResources(std::string_view jpeg, const std::string& resources);
// The resource blocks of a JPEG's APP13 segments (concatenated), or "" when there are none.
std::string photoshopResourcesOfJpeg(std::string_view jpeg);

// The clipping path in a resource list: the path resource named by resource 2999.
// Empty optional-like result (no contours, zero size) when there is none.
struct NamedPath {
    std::string name;
    ClippingPath path;
    bool found = false;
};
NamedPath findClippingPath(const std::vector<PhotoshopResource>& resources, cv::Size imageSize);

}  // namespace facet
