#pragma once
// "unknown field 'shuter'; did you mean 'shutter'?": the closest known name to a typo.
#include <string>
#include <vector>

namespace facet {

// Edit distance (insertions, deletions, substitutions), case-insensitive.
int editDistance(const std::string& a, const std::string& b);

// The candidate closest to `typed` when it is close enough to be a typo, else "".
std::string closestName(const std::string& typed, const std::vector<std::string>& candidates);

}  // namespace facet
