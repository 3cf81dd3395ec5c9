#pragma once
// The window's state as JSON: what is on screen (view, overlays, checks and their messages,
// camera, profile, problems, cutout and its review regions, collection) and where the panels
// are, so tests and bug reports can read what the photographer saw.
#include "gui/station_view.hpp"

#include <nlohmann/json.hpp>

namespace facet::station {

nlohmann::json uiState(const Station& station, const StationView& view, int windowWidth, int windowHeight);

}  // namespace facet::station
