#pragma once
// What only the window needs between frames: which view is shown, the inspector's zoom and pan,
// the textures the snapshots were uploaded into. The truth (frames, checks, cutouts, collection)
// stays in Station; this is how the photographer is looking at it.
#include "gui/gl_texture.hpp"
#include "gui/station.hpp"

#include <map>
#include <memory>
#include <string>

struct ImVec2;

namespace facet::station {

enum class MainView { Live, Inspector };
enum class InspectorBackground { Checker, White, Black, Custom };

struct Inspector {
    double zoomPercent = 0;          // 0 = fit to the area; else 100..400 (100 = one shot px per screen px)
    cv::Point2d centre{-1, -1};      // shot px at the middle of the area; -1 = image centre
    InspectorBackground background = InspectorBackground::Checker;
    float custom[3] = {0.85f, 0.80f, 0.72f};
    bool showBefore = false;         // the shot as taken instead of the cutout
    bool showConfidence = false;
    int selectedRegion = -1;
};

struct ScreenRect {
    float x = 0, y = 0, w = 0, h = 0;  // window px, origin top-left
};

struct StationView {
    MainView view = MainView::Live;
    Inspector inspector;
    GlTexture liveTexture, shotTexture, cutoutTexture, confidenceTexture;
    uint64_t liveShown = 0;          // frame number in liveTexture
    uint32_t liveShownOverlays = 0;
    // Which cutout snapshot each texture holds. Held, so a new snapshot can never reuse the address
    // of the one compared against.
    std::shared_ptr<const CutoutSnapshot> shownCutout;  // the one drawn this frame
    std::shared_ptr<const CutoutSnapshot> cutoutShown, shotShown, confidenceShown;  // shot/confidence: when first shown
    uint64_t cutoutShownId = 0;
    std::map<uint64_t, std::unique_ptr<GlTexture>> thumbnails;
    uint64_t selectedCapture = 0;    // in the filmstrip; 0 = the newest
    bool liveImageOnScreen = false;  // a live frame was drawn this frame
    // Where panels were drawn this frame (exported with the UI state for tests).
    ScreenRect liveArea, checksPanel, statusBar;
};

}  // namespace facet::station
