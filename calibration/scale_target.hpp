#pragma once
// Scale: pixels per millimetre at the set, from a printed target of known square size laid
// where the piece goes. Marketplaces and retouchers want real sizes ("ring face 9.2 mm"), and
// the checks use it to tell a soft edge from a small piece.
//
// The target's corners give a homography from millimetres on the target to pixels; the scale is
// taken from its local Jacobian at the target's centre, and its spread over the target tells
// whether the target (or the camera) was tilted.
#include <opencv2/core.hpp>

#include <string>

namespace facet {

struct ScaleMeasurement {
    double pxPerMm = 0;
    double anisotropy = 1;        // longer / shorter axis of the local scale (1 = square to the camera)
    double spreadPercent = 0;     // scale at the target's far corners vs near ones (tilt), in %
    int cornersUsed = 0;
    std::string target;           // "chessboard 9x6 inner corners, 5 mm squares"
};

// A chessboard with `innerCorners` (columns x rows of inner corners, e.g. 9x6 for a 10x7 board).
// InputError naming the file when the board is not found.
ScaleMeasurement measureScaleChessboard(const cv::Mat& linearBgr, cv::Size innerCorners, double squareMm,
                                        const std::string& fileForMessages);

// A ChArUco board (squaresX x squaresY squares, markers from the 4x4_50 dictionary), which is
// found even when partly covered or cropped.
ScaleMeasurement measureScaleCharuco(const cv::Mat& linearBgr, cv::Size squares, double squareMm, double markerMm,
                                     const std::string& fileForMessages);

void saveScale(const std::string& sidecarPath, const ScaleMeasurement& scale, const std::string& madeFrom);
ScaleMeasurement loadScale(const std::string& sidecarPath);

}  // namespace facet
