#pragma once
// What the station window draws, as plain data. Worker threads fill these and publish them as
// immutable snapshots; the window reads the newest one each frame and never keeps its own copy
// of the truth. No ImGui, no OpenGL here: everything in this header is testable headless.
#include <opencv2/core.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace facet::station {

enum class Verdict { Ok, Warn, Fail, Unknown };
const char* verdictName(Verdict v);  // "ok", "warn", "fail", "unknown"

// One line of the checks panel.
struct CheckLine {
    std::string name;      // "Focus", "Exposure", ...
    Verdict verdict = Verdict::Unknown;
    std::string message;   // what is wrong and what to do
};

// A stretch of the piece's outline, coloured by how well it separates from the background: one
// polyline, simplified to within half a pixel (a pixel-step contour would be thousands of tiny
// lines, each one triangles for a software renderer to set up every frame).
struct OutlineSegment {
    std::vector<cv::Point2f> points;  // live-frame pixels, at least two
    Verdict verdict = Verdict::Ok;
};

// A place on the frame a check points at (thin chain links, a blown highlight, ...).
struct FrameMark {
    cv::Rect box;          // live-frame pixels
    std::string reason;
    Verdict verdict = Verdict::Warn;
};

constexpr int kHistogramBins = 64;
using Histogram = std::array<float, kHistogramBins>;  // fraction of pixels per bin, sRGB-encoded luma

// The newest analysed live frame.
struct LiveSnapshot {
    uint64_t frameNumber = 0;     // the camera's count; 0 = no frame yet
    cv::Mat frame;                // CV_8UC3 sRGB (BGR), as the camera sent it
    cv::Mat matte;                // CV_8UC1 0..255 (PreviewMatte)
    cv::Mat peaking;              // CV_8UC1 255 where the piece is in sharp focus
    cv::Mat zebra;                // CV_8UC1 255 where the piece's metal is clipped
    cv::Mat display;              // CV_8UC4 RGBA: the frame with the chosen overlays, ready for a texture
    uint32_t displayOverlays = 0; // the overlay bits `display` was composed with
    bool checksAvailable = false; // false when this build has no live checks
    std::vector<CheckLine> checks;
    std::vector<OutlineSegment> edgeSegments;
    std::vector<FrameMark> thinStructures;
    std::vector<FrameMark> otherMarks;
    Histogram frameHistogram{};
    Histogram backgroundHistogram{};
    double pipelineMs = 0;        // matte + checks + overlays for this frame
    double cameraFps = 0;         // frames arriving per second
};

// Overlays the photographer switches on the live view (bits of LiveSnapshot::displayOverlays).
enum Overlay : uint32_t {
    kOverlayMatte = 1u << 0,        // live matte tinted
    kOverlayPeaking = 1u << 1,      // focus peaking on the piece
    kOverlayZebra = 1u << 2,        // clipping zebras on metal
    kOverlayEdges = 1u << 3,        // edge-contrast segments on the outline
    kOverlayThin = 1u << 4,         // thin-structure warnings
    kOverlayGrid = 1u << 5,         // framing grid (thirds + centre)
};
struct OverlayInfo {
    Overlay bit;
    const char* name;   // as scripts and the state export write it: "matte"
    const char* label;  // toolbar text
    int key;            // the letter that toggles it (upper case)
};
const std::vector<OverlayInfo>& overlays();
const OverlayInfo* overlayNamed(const std::string& name);

}  // namespace facet::station
