#pragma once
// A Profile written back as current-version TOML: what `facet profile show` prints and what
// `facet profile migrate` saves (comments of the original file are not kept).
#include "profiles/profile.hpp"

#include <string>

namespace facet {

std::string profileToToml(const Profile& profile);

}  // namespace facet
