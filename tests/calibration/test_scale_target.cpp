#include "calibration/scale_target.hpp"
#include "pipeline/errors.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <opencv2/aruco/charuco.hpp>
#include <opencv2/imgproc.hpp>

namespace facet {
namespace {

// A printed chessboard of `squares` with `squarePx` squares, on a white margin, in linear light.
cv::Mat renderChessboard(cv::Size squares, int squarePx, int marginPx) {
    cv::Mat img(squares.height * squarePx + 2 * marginPx, squares.width * squarePx + 2 * marginPx, CV_32FC3,
                cv::Scalar::all(0.8));
    for (int r = 0; r < squares.height; ++r)
        for (int c = 0; c < squares.width; ++c)
            if ((r + c) % 2 == 0)
                img(cv::Rect(marginPx + c * squarePx, marginPx + r * squarePx, squarePx, squarePx))
                    .setTo(cv::Scalar::all(0.02));
    return img;
}

TEST(ScaleTarget, ChessboardGivesPixelsPerMillimetre) {
    // 10x7 squares of 40 px; printed at 5 mm a square that is 8 px/mm.
    cv::Mat shot = renderChessboard({10, 7}, 40, 60);
    ScaleMeasurement m = measureScaleChessboard(shot, {9, 6}, 5.0, "board.png");
    EXPECT_NEAR(m.pxPerMm, 8.0, 8.0 * 0.003);
    EXPECT_NEAR(m.anisotropy, 1.0, 0.01);
    EXPECT_LT(m.spreadPercent, 0.5);
    EXPECT_EQ(m.cornersUsed, 54);
}

TEST(ScaleTarget, RotatedAndScaledChessboard) {
    cv::Mat board = renderChessboard({10, 7}, 40, 150);
    cv::Mat rotation = cv::getRotationMatrix2D(cv::Point2f(board.cols / 2.f, board.rows / 2.f), 17, 1.25);
    cv::Mat shot;
    cv::warpAffine(board, shot, rotation, board.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar::all(0.8));
    ScaleMeasurement m = measureScaleChessboard(shot, {9, 6}, 5.0, "board.png");
    EXPECT_NEAR(m.pxPerMm, 8.0 * 1.25, 10.0 * 0.005);
}

TEST(ScaleTarget, TiltShowsAsSpread) {
    cv::Mat board = renderChessboard({10, 7}, 40, 100);
    std::vector<cv::Point2f> from{{0, 0}, {float(board.cols), 0}, {float(board.cols), float(board.rows)}, {0, float(board.rows)}};
    std::vector<cv::Point2f> to{{40, 0}, {float(board.cols) - 40, 0}, {float(board.cols), float(board.rows)}, {0, float(board.rows)}};
    cv::Mat shot;
    cv::warpPerspective(board, shot, cv::getPerspectiveTransform(from, to), board.size(), cv::INTER_LINEAR,
                        cv::BORDER_CONSTANT, cv::Scalar::all(0.8));
    ScaleMeasurement m = measureScaleChessboard(shot, {9, 6}, 5.0, "board.png");
    EXPECT_GT(m.spreadPercent, 3.0);
}

TEST(ScaleTarget, CharucoBoardGivesPixelsPerMillimetre) {
    auto dictionary = cv::aruco::getPredefinedDictionary(cv::aruco::DICT_4X4_50);
    auto board = cv::aruco::CharucoBoard::create(7, 5, 0.04f, 0.03f, dictionary);
    cv::Mat drawn;
    board->draw(cv::Size(7 * 60, 5 * 60), drawn, 0, 1);   // 60 px squares
    cv::Mat padded;
    cv::copyMakeBorder(drawn, padded, 40, 40, 40, 40, cv::BORDER_CONSTANT, cv::Scalar(255));
    cv::Mat bgr, linear;
    cv::cvtColor(padded, bgr, cv::COLOR_GRAY2BGR);
    bgr.convertTo(linear, CV_32FC3, 1.0 / 255);   // black and white: the transfer curve does not matter
    ScaleMeasurement m = measureScaleCharuco(linear, {7, 5}, 12.0, 9.0, "charuco.png");   // 60 px / 12 mm
    EXPECT_NEAR(m.pxPerMm, 5.0, 5.0 * 0.005);
    EXPECT_GE(m.cornersUsed, 20);
}

TEST(ScaleTarget, MissingTargetIsAClearError) {
    cv::Mat blank(400, 600, CV_32FC3, cv::Scalar::all(0.5));
    try {
        measureScaleChessboard(blank, {9, 6}, 5.0, "blank.tif");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("blank.tif: no chessboard with 9x6 inner corners"), std::string::npos);
    }
    EXPECT_THROW(measureScaleCharuco(blank, {7, 5}, 12.0, 9.0, "blank.tif"), InputError);
}

TEST(ScaleTarget, SavedAndLoaded) {
    test::TempDir dir;
    ScaleMeasurement m;
    m.pxPerMm = 41.7;
    m.target = "chessboard";
    saveScale(dir / "scale.json", m, "board.png");
    EXPECT_DOUBLE_EQ(loadScale(dir / "scale.json").pxPerMm, 41.7);
    EXPECT_THROW(loadScale(dir / "missing.json"), InputError);
}

}  // namespace
}  // namespace facet
