#pragma once
// File names from a template, shared by capture (originals) and collections (cutouts,
// deliverables) so every file of one piece carries the same name:
//
//   "{collection}_{sku}_{seq:04}.{ext}"  ->  "spring-rings_R-1042_0007.cr2"
//
// Fields are {name} or {name:0N} (zero-padded to N digits; the value must be a whole number).
// Any field name may be used as long as a value is given; the usual ones are collection, sku,
// seq, ext, profile, variant ("front", "backlit"), date (20261128), time (071502).
// "{{" and "}}" write literal braces. Values are made safe for file names: '/', '\', ':' and
// control characters become '-', leading dots are dropped.
#include <map>
#include <string>
#include <vector>

namespace facet {

using NamingFields = std::map<std::string, std::string>;

// Throws InputError naming the template and the field for a missing value, a malformed field
// or a result that is not a usable file name.
std::string expandNamingTemplate(const std::string& pattern, const NamingFields& fields);

// The field names a template uses (to check a template before any capture is made).
std::vector<std::string> namingTemplateFields(const std::string& pattern);

// The default template for collections and tethered capture.
inline constexpr const char* kDefaultNamingTemplate = "{collection}_{sku}_{seq:04}.{ext}";

}  // namespace facet
