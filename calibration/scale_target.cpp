#include "calibration/scale_target.hpp"

#include "calibration/calibration_files.hpp"
#include "pipeline/errors.hpp"
#include "pipeline/image.hpp"
#include "pipeline/srgb.hpp"

#include <opencv2/aruco/charuco.hpp>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <sstream>

namespace facet {

namespace {

cv::Mat greyForDetection(const cv::Mat& linearBgr, const std::string& file) {
    if (!isLinearColour(linearBgr)) throw InputError(file + ": not a colour image");
    cv::Mat encoded = linearToSrgb(linearBgr, CV_8U), grey;
    cv::cvtColor(encoded, grey, cv::COLOR_BGR2GRAY);
    return grey;
}

// Singular values of the homography's Jacobian at a target point (mm): the local px per mm.
cv::Vec2d localScale(const cv::Mat& H, const cv::Point2d& p) {
    const double h00 = H.at<double>(0, 0), h01 = H.at<double>(0, 1), h02 = H.at<double>(0, 2);
    const double h10 = H.at<double>(1, 0), h11 = H.at<double>(1, 1), h12 = H.at<double>(1, 2);
    const double h20 = H.at<double>(2, 0), h21 = H.at<double>(2, 1), h22 = H.at<double>(2, 2);
    const double w = h20 * p.x + h21 * p.y + h22;
    const double u = h00 * p.x + h01 * p.y + h02, v = h10 * p.x + h11 * p.y + h12;
    cv::Matx22d J((h00 * w - u * h20) / (w * w), (h01 * w - u * h21) / (w * w),
                  (h10 * w - v * h20) / (w * w), (h11 * w - v * h21) / (w * w));
    cv::Mat s;
    cv::SVD::compute(cv::Mat(J), s, cv::SVD::NO_UV);
    return cv::Vec2d(s.at<double>(0), s.at<double>(1));
}

ScaleMeasurement fromCorrespondences(const std::vector<cv::Point2f>& targetMm, const std::vector<cv::Point2f>& imagePx,
                                     const std::string& file) {
    if (targetMm.size() < 4) throw InputError(file + ": too few target corners found to measure the scale");
    cv::Mat H = cv::findHomography(targetMm, imagePx, 0);
    if (H.empty()) throw InputError(file + ": the target's corners do not form a flat grid; is it bent or partly covered?");
    cv::Rect2f extent = cv::boundingRect(targetMm);
    const cv::Point2d centre(extent.x + extent.width / 2.0, extent.y + extent.height / 2.0);
    const cv::Vec2d s = localScale(H, centre);
    ScaleMeasurement m;
    m.pxPerMm = std::sqrt(s[0] * s[1]);
    m.anisotropy = s[0] / s[1];
    double lo = 1e300, hi = 0;
    for (const cv::Point2d corner : {cv::Point2d(extent.x, extent.y), cv::Point2d(extent.x + extent.width, extent.y),
                                     cv::Point2d(extent.x, extent.y + extent.height),
                                     cv::Point2d(extent.x + extent.width, extent.y + extent.height)}) {
        const cv::Vec2d c = localScale(H, corner);
        const double g = std::sqrt(c[0] * c[1]);
        lo = std::min(lo, g);
        hi = std::max(hi, g);
    }
    m.spreadPercent = 100.0 * (hi - lo) / m.pxPerMm;
    m.cornersUsed = static_cast<int>(targetMm.size());
    return m;
}

}  // namespace

ScaleMeasurement measureScaleChessboard(const cv::Mat& linearBgr, cv::Size innerCorners, double squareMm,
                                        const std::string& file) {
    if (innerCorners.width < 2 || innerCorners.height < 2 || !(squareMm > 0))
        throw InputError("a chessboard needs at least 2x2 inner corners and a square size above 0 mm");
    cv::Mat grey = greyForDetection(linearBgr, file);
    std::vector<cv::Point2f> corners;
    const bool found = cv::findChessboardCorners(grey, innerCorners, corners,
                                                 cv::CALIB_CB_ADAPTIVE_THRESH | cv::CALIB_CB_NORMALIZE_IMAGE);
    if (!found)
        throw InputError(file + ": no chessboard with " + std::to_string(innerCorners.width) + "x" +
                         std::to_string(innerCorners.height) +
                         " inner corners found (count the corners where four squares meet, not the squares); "
                         "the previous scale is kept");
    cv::cornerSubPix(grey, corners, cv::Size(5, 5), cv::Size(-1, -1),
                     cv::TermCriteria(cv::TermCriteria::EPS + cv::TermCriteria::COUNT, 40, 0.01));
    std::vector<cv::Point2f> targetMm;
    for (int r = 0; r < innerCorners.height; ++r)
        for (int c = 0; c < innerCorners.width; ++c)
            targetMm.emplace_back(static_cast<float>(c * squareMm), static_cast<float>(r * squareMm));
    ScaleMeasurement m = fromCorrespondences(targetMm, corners, file);
    std::ostringstream o;
    o << "chessboard " << innerCorners.width << "x" << innerCorners.height << " inner corners, " << squareMm
      << " mm squares";
    m.target = o.str();
    return m;
}

ScaleMeasurement measureScaleCharuco(const cv::Mat& linearBgr, cv::Size squares, double squareMm, double markerMm,
                                     const std::string& file) {
    if (squares.width < 3 || squares.height < 3 || !(squareMm > 0) || !(markerMm > 0) || markerMm >= squareMm)
        throw InputError("a ChArUco board needs at least 3x3 squares and markers smaller than its squares");
    cv::Mat grey = greyForDetection(linearBgr, file);
    auto dictionary = cv::aruco::getPredefinedDictionary(cv::aruco::DICT_4X4_50);
    auto board = cv::aruco::CharucoBoard::create(squares.width, squares.height, static_cast<float>(squareMm),
                                                 static_cast<float>(markerMm), dictionary);
    std::vector<std::vector<cv::Point2f>> markerCorners;
    std::vector<int> markerIds;
    cv::aruco::detectMarkers(grey, dictionary, markerCorners, markerIds);
    std::vector<cv::Point2f> charucoCorners;
    std::vector<int> charucoIds;
    if (!markerIds.empty())
        cv::aruco::interpolateCornersCharuco(markerCorners, markerIds, grey, board, charucoCorners, charucoIds);
    if (charucoIds.size() < 4)
        throw InputError(file + ": no ChArUco board found (" + std::to_string(markerIds.size()) + " markers, " +
                         std::to_string(charucoIds.size()) + " corners); check the board size (" +
                         std::to_string(squares.width) + "x" + std::to_string(squares.height) +
                         " squares, 4x4_50 markers) and that it is sharp and evenly lit; the previous scale is kept");
    std::vector<cv::Point2f> targetMm;
    for (int id : charucoIds) {
        const cv::Point3f p = board->chessboardCorners[id];
        targetMm.emplace_back(p.x, p.y);
    }
    ScaleMeasurement m = fromCorrespondences(targetMm, charucoCorners, file);
    std::ostringstream o;
    o << "ChArUco " << squares.width << "x" << squares.height << " squares, " << squareMm << " mm squares";
    m.target = o.str();
    return m;
}

void saveScale(const std::string& sidecarPath, const ScaleMeasurement& s, const std::string& madeFrom) {
    commitCalibration(sidecarPath, {},
                      calibrationRecord("scale", madeFrom,
                                        {{"target", s.target},
                                         {"px_per_mm", s.pxPerMm},
                                         {"anisotropy", s.anisotropy},
                                         {"spread_percent", s.spreadPercent},
                                         {"corners_used", s.cornersUsed}}));
}

ScaleMeasurement loadScale(const std::string& sidecarPath) {
    auto j = readCalibrationSidecar(sidecarPath, "scale");
    ScaleMeasurement s;
    try {
        s.pxPerMm = j.at("px_per_mm").get<double>();
        s.anisotropy = j.value("anisotropy", 1.0);
        s.spreadPercent = j.value("spread_percent", 0.0);
        s.cornersUsed = j.value("corners_used", 0);
        s.target = j.value("target", "");
    } catch (const nlohmann::json::exception&) {
        throw InputError(sidecarPath + ": scale calibration has no px_per_mm number; measure it again");
    }
    if (!(s.pxPerMm > 0)) throw InputError(sidecarPath + ": px_per_mm must be above 0; measure it again");
    return s;
}

}  // namespace facet
