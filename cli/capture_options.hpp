#pragma once
// What `facet shoot` and `facet tether` read the same way from their command lines: where the
// captures go and how each is cut out.
#include "capture/shooting.hpp"
#include "cli/args.hpp"
#include "profiles/profile.hpp"

#include <string>

namespace facet::cli {

// Session folder, SKU and name template (--sku, --template) for `collection`.
capture::SessionOptions sessionOptionsFrom(const Args& args, const std::string& collection, const Profile* profile);

// Count, cutout on/off, cutouts folder and plate (--no-cutout, --cutouts, --plate), the profile's
// pipeline settings, and progress lines on standard output.
capture::ShootPlan shootPlanFrom(const Args& args, const std::string& collection, int count, const Profile* profile);

}  // namespace facet::cli
