#include "pipeline/clipping_path.hpp"
#include "pipeline/cutout_export.hpp"
#include "pipeline/cutout_file.hpp"
#include "pipeline/errors.hpp"
#include "pipeline/marketplace_export.hpp"
#include "pipeline/photoshop_path.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

using namespace facet;

namespace {

// Anti-aliased ring (a piece with a hole): alpha is the pixel's covered fraction, so the 0.5
// contour is the true circles. Coverage is estimated from the distance to the circle, which is
// exact to well under 0.1 px for radii of tens of pixels.
cv::Mat ringAlpha(cv::Size size, cv::Point2d c, double outer, double inner) {
    cv::Mat a(size, CV_32FC1);
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x) {
            const double r = std::hypot(x + 0.5 - c.x, y + 0.5 - c.y);
            const double in = std::clamp(outer - r + 0.5, 0.0, 1.0);
            const double hole = inner > 0 ? std::clamp(inner - r + 0.5, 0.0, 1.0) : 0.0;
            a.at<float>(y, x) = float(in - hole);
        }
    return a;
}

double worstRadiusError(const PathContour& c, cv::Point2d centre, double radius) {
    double worst = 0;
    for (const cv::Point2d& p : flattenContour(c, 32))
        worst = std::max(worst, std::abs(std::hypot(p.x - centre.x, p.y - centre.y) - radius));
    return worst;
}

}  // namespace

TEST(ClippingPath, ARingGivesItsOuterPerimeterAndItsHoleAsSmoothCurves) {
    const cv::Point2d centre(120.3, 95.7);
    cv::Mat alpha = ringAlpha({240, 200}, centre, 80, 40);
    ClippingPath path = traceClippingPath(alpha);
    ASSERT_EQ(path.contours.size(), 2u);
    EXPECT_FALSE(path.contours[0].hole);
    EXPECT_TRUE(path.contours[1].hole);
    // A circle is a few Bezier curves, not hundreds of pixel steps.
    EXPECT_LE(path.contours[0].knots.size(), 40u);
    EXPECT_GE(path.contours[0].knots.size(), 4u);
    EXPECT_LT(worstRadiusError(path.contours[0], centre, 80), 0.5);
    EXPECT_LT(worstRadiusError(path.contours[1], centre, 40), 0.5);
}

TEST(ClippingPath, CurvesStayWithinTheToleranceOfTheHalfContour) {
    // An irregular piece: a hard-edged polygon plus a soft blob, blurred to a soft matte.
    cv::Mat mask = cv::Mat::zeros(220, 260, CV_8UC1);
    std::vector<cv::Point> poly = {{30, 40}, {200, 25}, {230, 120}, {150, 190}, {60, 170}, {90, 110}};
    cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{poly}, 255);
    cv::circle(mask, {120, 100}, 25, 0, cv::FILLED);  // a hole
    cv::Mat alpha;
    mask.convertTo(alpha, CV_32F, 1.0 / 255);
    cv::GaussianBlur(alpha, alpha, {0, 0}, 1.2);
    for (double tolerance : {0.5, 0.25}) {
        ClippingPathOptions options;
        options.tolerancePx = tolerance;
        ClippingPath path = traceClippingPath(alpha, options);
        auto reference = traceAlphaContours(alpha, options);
        ASSERT_EQ(path.contours.size(), reference.size());
        ASSERT_EQ(path.contours.size(), 2u);
        for (size_t i = 0; i < reference.size(); ++i) {
            auto curve = flattenContour(path.contours[i], 32);
            // Every contour point near the curves, and the curves near the contour.
            EXPECT_LE(largestDistanceTo(reference[i], curve), tolerance + 0.02) << "contour " << i;
            EXPECT_LE(largestDistanceTo(curve, reference[i]), tolerance + 0.2) << "contour " << i;
        }
    }
}

TEST(ClippingPath, SeparatePiecesAreSeparateSubPathsAndSpecksAreLeftOut) {
    cv::Mat alpha = cv::Mat::zeros(100, 200, CV_32FC1);
    cv::rectangle(alpha, cv::Rect(10, 10, 60, 60), 1.0, cv::FILLED);
    cv::circle(alpha, {140, 50}, 30, 1.0, cv::FILLED);
    alpha.at<float>(90, 190) = 1.0f;  // a one-pixel speck of matte noise
    ClippingPath path = traceClippingPath(alpha);
    ASSERT_EQ(path.contours.size(), 2u);
    EXPECT_FALSE(path.contours[0].hole);
    EXPECT_FALSE(path.contours[1].hole);
    // The square's edges lie on the pixel boundaries (hard matte: between pixels).
    auto square = flattenContour(path.contours[0].knots.size() > 0 && path.contours[0].knots[0].anchor.x < 100
                                     ? path.contours[0] : path.contours[1], 16);
    double minX = 1e9, maxX = -1e9;
    for (auto p : square) {
        minX = std::min(minX, p.x);
        maxX = std::max(maxX, p.x);
    }
    EXPECT_NEAR(minX, 10.0, 0.5);
    EXPECT_NEAR(maxX, 70.0, 0.5);
    EXPECT_TRUE(traceClippingPath(cv::Mat::zeros(50, 50, CV_32FC1)).contours.empty());
}

TEST(ClippingPath, PiecesTouchingTheFrameStillClose) {
    cv::Mat alpha = cv::Mat::zeros(80, 80, CV_32FC1);
    cv::rectangle(alpha, cv::Rect(0, 20, 40, 40), 1.0, cv::FILLED);
    ClippingPath path = traceClippingPath(alpha);
    ASSERT_EQ(path.contours.size(), 1u);
    double minX = 1e9;
    for (auto p : flattenContour(path.contours[0])) minX = std::min(minX, p.x);
    EXPECT_LT(minX, 1.0);
}

TEST(ClippingPathReal, RealMattesAreTracedWithinTolerance) {
    // Ground-truth alphas of real photographs (alphamatting.com): hair, fur and fine
    // structure, far harder outlines than a ring's.
    const auto folder = test::sharedData() / "matting" / "alphamatting_lowres" / "gt_training_lowres";
    if (!std::filesystem::is_directory(folder)) GTEST_SKIP() << "no real mattes at " << folder;
    for (const char* name : {"GT01.png", "GT13.png"}) {
        cv::Mat a8 = cv::imread((folder / name).string(), cv::IMREAD_GRAYSCALE);
        ASSERT_FALSE(a8.empty()) << name;
        cv::Mat alpha;
        a8.convertTo(alpha, CV_32F, 1.0 / 255);
        ClippingPath path = traceClippingPath(alpha);
        auto reference = traceAlphaContours(alpha);
        ASSERT_EQ(path.contours.size(), reference.size()) << name;
        ASSERT_GE(path.contours.size(), 1u) << name;
        size_t points = 0, knots = 0;
        for (size_t i = 0; i < reference.size(); ++i) {
            EXPECT_LE(largestDistanceTo(reference[i], flattenContour(path.contours[i], 16)), 0.52) << name << " contour " << i;
            points += reference[i].size();
            knots += path.contours[i].knots.size();
        }
        EXPECT_LT(knots, points / 2) << name << ": the curves should be far fewer than the contour's pixels";
    }
}

TEST(PhotoshopPath, RecordsRoundTripInFixedPoint) {
    cv::Mat alpha = ringAlpha({300, 200}, {150, 100}, 90, 30);
    ClippingPath path = traceClippingPath(alpha);
    const std::string records = encodePhotoshopPath(path);
    EXPECT_EQ(records.size() % 26, 0u);
    // Fill rule, initial fill, then one length record per sub-path and one per knot.
    EXPECT_EQ(records.size() / 26, 2 + path.contours.size() + path.contours[0].knots.size() + path.contours[1].knots.size());
    ClippingPath back = decodePhotoshopPath(records, path.imageSize);
    ASSERT_EQ(back.contours.size(), path.contours.size());
    for (size_t c = 0; c < path.contours.size(); ++c) {
        ASSERT_EQ(back.contours[c].knots.size(), path.contours[c].knots.size());
        for (size_t k = 0; k < path.contours[c].knots.size(); ++k) {
            const PathKnot &a = path.contours[c].knots[k], &b = back.contours[c].knots[k];
            EXPECT_NEAR(a.anchor.x, b.anchor.x, 1e-4);
            EXPECT_NEAR(a.anchor.y, b.anchor.y, 1e-4);
            EXPECT_NEAR(a.before.x, b.before.x, 1e-4);
            EXPECT_NEAR(a.after.y, b.after.y, 1e-4);
            EXPECT_EQ(a.smooth, b.smooth);
        }
    }
    EXPECT_THROW(decodePhotoshopPath(records.substr(0, records.size() - 26), path.imageSize), InputError);
    EXPECT_THROW(decodePhotoshopPath(records.substr(0, 30), path.imageSize), InputError);
}

TEST(PhotoshopPath, TiffCarriesTheClippingPathAndReadsBack) {
    test::TempDir dir;
    cv::Mat alpha = ringAlpha({160, 120}, {80, 60}, 50, 20);
    cv::Mat fg(alpha.size(), CV_32FC3, cv::Scalar(0.2, 0.5, 0.8));
    ClippingPath path = traceClippingPath(alpha);
    CutoutFileTags tags;
    tags.photoshopResources = photoshopClippingPathResources(path, "Facet outline");
    tags.make = "Canon";
    tags.model = "EOS D30";
    saveCutout(dir / "ring.tif", fg, alpha, tags);

    CutoutFile file = readCutoutFile(dir / "ring.tif");
    EXPECT_TRUE(file.srgbTagged);
    EXPECT_EQ(file.tags.make, "Canon");
    ASSERT_FALSE(file.tags.photoshopResources.empty());
    auto resources = decodePhotoshopResources(file.tags.photoshopResources);
    ASSERT_EQ(resources.size(), 2u);
    EXPECT_EQ(resources[0].id, 2000);
    EXPECT_EQ(resources[1].id, 2999);
    NamedPath clip = findClippingPath(resources, alpha.size());
    ASSERT_TRUE(clip.found);
    EXPECT_EQ(clip.name, "Facet outline");
    ASSERT_EQ(clip.path.contours.size(), 2u);
    EXPECT_EQ(clip.path.contours[0].knots.size(), path.contours[0].knots.size());
    EXPECT_LT(worstRadiusError(clip.path.contours[0], {80, 60}, 50), 0.5);

    // The pixels are unchanged by the extra tags.
    EXPECT_NEAR(file.alpha.at<float>(60, 80 + 35), 1.0f, 1e-4);
    EXPECT_NEAR(file.alpha.at<float>(60, 80), 0.0f, 1e-4);

    // libtiff's own tool sees the Photoshop block and the ICC profile.
    test::RunResult info = test::run("tiffinfo " + (dir / "ring.tif"));
    if (info.exitCode == 0) {
        EXPECT_NE(info.output.find("Photoshop"), std::string::npos) << info.output;
        EXPECT_NE(info.output.find("ICC Profile"), std::string::npos) << info.output;
    }
    // ImageMagick turns the clipping path into SVG and names our ICC profile.
    test::RunResult im = test::run("identify -verbose " + (dir / "ring.tif") + " 2>&1 | grep -E 'Clipping path|<path|icc:description'");
    if (im.exitCode == 0) {
        EXPECT_NE(im.output.find("Clipping path"), std::string::npos) << im.output;
        EXPECT_NE(im.output.find("evenodd"), std::string::npos) << im.output;
        EXPECT_NE(im.output.find("sRGB"), std::string::npos) << im.output;
    }
}

TEST(PhotoshopPath, JpegCarriesTheClippingPathInApp13) {
    test::TempDir dir;
    cv::Mat alpha = ringAlpha({200, 200}, {100, 100}, 70, 25);
    ClippingPath path = traceClippingPath(alpha);
    const std::string resources = photoshopClippingPathResources(path, "Facet outline");
    writeJpeg(dir / "shop.jpg", cv::Mat(200, 200, CV_8UC3, cv::Scalar(255, 255, 255)), 90, resources);
    std::ifstream in(dir / "shop.jpg", std::ios::binary);
    std::string jpeg((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(photoshopResourcesOfJpeg(jpeg), resources);
    EXPECT_FALSE(cv::imread(dir / "shop.jpg").empty());  // still an ordinary JPEG
    // A path too big for one segment is split over several and reassembled.
    std::string big = encodePhotoshopResources({{2000, "big", std::string(26 * 4000, '\0')}});
    EXPECT_EQ(photoshopResourcesOfJpeg(jpegWithPhotoshopResources(jpeg, big)).substr(resources.size()), big);
    test::RunResult im = test::run("identify -verbose " + (dir / "shop.jpg") + " 2>&1 | grep 'Clipping path'");
    if (im.exitCode == 0) {
        EXPECT_NE(im.output.find("Clipping path"), std::string::npos);
    }
}

TEST(PhotoshopPath, DamagedResourceBlocksAreInputErrors) {
    EXPECT_THROW(decodePhotoshopResources("8BIMxx"), InputError);
    EXPECT_THROW(decodePhotoshopResources("XXXX\x07\xd0\0\0\0\0\0\x10"), InputError);
    std::string ok = encodePhotoshopResources({{2000, "p", std::string(26, '\0')}});
    EXPECT_EQ(decodePhotoshopResources(ok).size(), 1u);
    EXPECT_THROW(decodePhotoshopResources(ok.substr(0, ok.size() - 3)), InputError);
}
