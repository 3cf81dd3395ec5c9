#pragma once
// The clipping path a retoucher would draw with the pen tool, traced from the matte: the
// piece's outer perimeter and its interior holes (a ring's inside, the gaps between prongs)
// as smooth cubic Bezier curves lying within a tolerance of the matte's 0.5 contour.
#include <opencv2/core.hpp>

#include <vector>

namespace facet {

// One anchor point with its two handles, in image pixels (0,0 = the image's top-left corner,
// so a pixel's centre is at (x + 0.5, y + 0.5)).
struct PathKnot {
    cv::Point2d before;  // control point of the curve arriving at the anchor
    cv::Point2d anchor;
    cv::Point2d after;   // control point of the curve leaving the anchor
    bool smooth = true;  // handles on one line through the anchor (Photoshop's "linked" knot)
};

// A closed sub-path: the curve from knot i to knot i+1 (and from the last back to the first).
struct PathContour {
    std::vector<PathKnot> knots;
    bool hole = false;   // an interior hole of the piece
};

struct ClippingPath {
    cv::Size imageSize;
    std::vector<PathContour> contours;  // outer perimeters first, each followed by its holes
};

struct ClippingPathOptions {
    double tolerancePx = 0.5;  // largest distance of the curves from the matte's contour
    double alphaLevel = 0.5;   // the contour followed
    double minAreaPx = 4.0;    // specks and pinholes smaller than this are left out
};

// alpha: CV_32FC1 in [0, 1]. An empty path when nothing reaches alphaLevel.
ClippingPath traceClippingPath(const cv::Mat& alpha, const ClippingPathOptions& options = {});

// The matte's alphaLevel contours to sub-pixel precision (the curves' reference), in the
// same order and orientation as traceClippingPath's contours.
std::vector<std::vector<cv::Point2d>> traceAlphaContours(const cv::Mat& alpha, const ClippingPathOptions& options = {});

// Points along one contour's curves, `perCurve` per Bezier segment (for drawing and checks).
std::vector<cv::Point2d> flattenContour(const PathContour& contour, int perCurve = 16);

// Largest distance from any of `points` to the nearest point of the flattened contour.
double largestDistanceTo(const std::vector<cv::Point2d>& points, const std::vector<cv::Point2d>& polyline);

}  // namespace facet
