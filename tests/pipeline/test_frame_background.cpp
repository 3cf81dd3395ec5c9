#include "pipeline/errors.hpp"
#include "pipeline/frame_background.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

using namespace facet;

namespace {

cv::Mat pieceOn(double set) {
    cv::Mat frame(200, 300, CV_32FC3, cv::Scalar::all(set));
    cv::circle(frame, {150, 100}, 40, cv::Scalar(0.3, 0.5, 0.7), 10);
    return frame;
}

}  // namespace

// The set's level is the set's, not the piece's: the piece covers a few per cent of the frame.
TEST(FrameBackground, TheSetsLevelIsTheVelvetsNotThePieces) {
    EXPECT_NEAR(setLevel(pieceOn(0.015)), 0.015, 1e-3);
    EXPECT_NEAR(setLevel(pieceOn(0.8)), 0.8, 1e-2);
}

TEST(FrameBackground, ALightSetIsRefusedNamingTheShot) {
    EXPECT_NO_THROW(requireDarkSet(pieceOn(0.02), "velvet.tif"));
    EXPECT_NO_THROW(requireDarkSet(pieceOn(0.15), "grey acrylic.tif"));  // dark enough to work
    try {
        requireDarkSet(pieceOn(0.8), "sweep.jpg");
        FAIL() << "a white sweep passed for a dark set";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("sweep.jpg: the set behind the piece is light (80 %"), std::string::npos)
            << e.what();
    }
}

// A close-up: the piece fills most of the frame, the set shows round its edges.
TEST(FrameBackground, ACloseUpThatThePieceFillsIsStillOnADarkSet) {
    cv::Mat frame(200, 300, CV_32FC3, cv::Scalar::all(0.02));
    cv::ellipse(frame, {150, 100}, {140, 92}, 0, 0, 360, cv::Scalar(0.4, 0.5, 0.6), -1);
    EXPECT_NEAR(setLevel(frame), 0.02, 0.01);
    EXPECT_NO_THROW(requireDarkSet(frame, "pendant.tif"));
}
