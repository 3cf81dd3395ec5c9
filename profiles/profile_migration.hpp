#pragma once
// Older profile files are read by migrating them, in memory, to the current layout; the file
// on disk is left alone (`facet profile migrate` writes the new layout when asked).
//
// Version 1 (Facet 0.0.x) differed from version 2 in:
//   [camera] exposure = "1/125 f/11 ISO100"  -> shutter, aperture, iso (three typed fields)
//   [camera] wb                              -> white_balance
//   [camera] raw_plus_jpeg = true|false      -> image_format = "raw+jpeg" | "raw"
//   [camera] target                          -> capture_target
//   [matte]                                  -> [pipeline]
//   [matte] stone_mode                       -> stones
//   [matte] background = "velvet"|"acrylic"  -> surface (v2's background is the background model)
//   [matte] dual = true|false                -> background = "dual" | "clean-plate"
//   [matte] edge_band                        -> edge_band_px
//   [export] (one table)                     -> [[export]] (a list of presets)
//   [export] size                            -> long_edge_px
//   [export] fill = 0.85 (a fraction)        -> fill_percent = 85
#include "profiles/profile_document.hpp"

#include <vector>

namespace facet {

// Brings doc from `fromVersion` to kProfileVersion. Problems found on the way (an exposure
// string that does not parse, a key present under both names) are appended to `issues`.
void migrateProfile(ProfileDocument& doc, int fromVersion, std::vector<ProfileIssue>& issues);

}  // namespace facet
