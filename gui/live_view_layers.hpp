#pragma once
// The live view's visual aids, computed from one frame and its matte off the UI thread:
// focus peaking on the piece, clipping zebras on metal, the luma histograms of the frame and of
// the background, and the RGBA image the window uploads (frame + the overlays switched on).
#include "gui/station_types.hpp"

#include <opencv2/core.hpp>

namespace facet::station {

// 255 where the piece (matte >= 128) shows its sharpest detail: the strongest Laplacian
// responses on the piece, so peaking lights up the in-focus plane whatever the exposure.
void focusPeaking(const cv::Mat& frameBgr8, const cv::Mat& matte8, cv::Mat& peaking, cv::Mat& scratch);

// 255 where any channel is at the sensor's clip point (>= 250 of 255) on the piece.
void clippingZebra(const cv::Mat& frameBgr8, const cv::Mat& matte8, cv::Mat& zebra);

// sRGB-encoded luma histograms of the whole frame and of the background (matte < 32).
void lumaHistograms(const cv::Mat& frameBgr8, const cv::Mat& matte8, Histogram& frame, Histogram& background);

// Fills the raster layers the overlays in `overlayBits` need and `snap` lacks (peaking, zebra).
// Each is a pass over the frame: not spent while its overlay is off.
void addOverlayLayers(LiveSnapshot& snap, uint32_t overlayBits, cv::Mat& scratch);

// frame (CV_8UC3 BGR) with the raster overlays in `overlayBits` -> CV_8UC4 RGBA `display`.
// Vector overlays (edge segments, thin-structure marks, grid) are drawn by the window.
void composeDisplay(const LiveSnapshot& layers, uint32_t overlayBits, cv::Mat& display);

}  // namespace facet::station
