#pragma once
// The station window's panels, one per file (panel_*.cpp). Each draws from the newest snapshots
// and posts commands to the Station; none keeps a copy of the truth.
#include "gui/station_view.hpp"

#include <imgui.h>

namespace facet::station {

// theme.cpp
void applyTheme(float uiScale);
ImU32 verdictColour(Verdict v);
void verdictBadge(Verdict v);              // a coloured "OK"/"WARN"/"FAIL" label on the current line
// A fixed panel of the station's layout. Panels draw no background: the window is cleared to
// panelBackground() before they are drawn.
bool beginPanel(const char* name, const ScreenRect& r, ImGuiWindowFlags extra = 0);
ImVec4 panelBackground();

// panel_toolbar.cpp: overlay toggles, Capture, Plate, view switch
void drawToolbar(Station& station, StationView& view, const ScreenRect& area);
// panel_live_view.cpp: the live frame with raster and vector overlays
void drawLiveView(Station& station, StationView& view, const LiveSnapshot* live, const StationStatus& status, const ScreenRect& area);
// The scale the live frame is shown at, given the scale that fits it to its area: within a
// quarter of a whole scale (1:1, 2:1...) the whole one, pixel-exact with nearest filtering;
// otherwise the fit. Resampling a frame by a few per cent blurs every edge the photographer
// judges focus on, and costs the software renderer about a quarter more than a 1:1 copy.
float liveViewScale(float fit);
// panel_cutout_inspector.cpp: the newest cutout over a chosen background, zoom, pan, regions
void drawCutoutInspector(Station& station, StationView& view, const CutoutSnapshot* cutout, const ScreenRect& area);
// panel_checks.cpp: verdict badges, messages, histograms
void drawChecksPanel(const LiveSnapshot* live, StationView& view);
// panel_camera.cpp: the camera's own settings
void drawCameraPanel(Station& station, const StationStatus& status);
// panel_profile.cpp: profile picker, plates, guidance
void drawProfilePanel(Station& station, const StationStatus& status);
// panel_collection.cpp: filmstrip, consistency badges, strict mode, accept / reject
void drawCollectionPanel(Station& station, StationView& view, const ScreenRect& area);
// panel_status_bar.cpp: camera state, live fps, pipeline ms, disk space
void drawStatusBar(const StationStatus& status, const LiveSnapshot* live, StationView& view, const ScreenRect& area);
// shortcuts.cpp: every action from the keyboard
void handleShortcuts(Station& station, StationView& view);

// Inspector actions shared by the panel, the shortcuts and scripts.
void inspectorZoom(StationView& view, double percent);
void inspectorJumpToRegion(StationView& view, const CutoutSnapshot& cutout, int index);

}  // namespace facet::station
