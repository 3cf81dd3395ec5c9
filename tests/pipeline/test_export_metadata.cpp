#include "pipeline/cutout_export.hpp"
#include "pipeline/cutout_file.hpp"
#include "pipeline/errors.hpp"
#include "pipeline/export_metadata.hpp"
#include "pipeline/srgb_tagging.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include <fstream>
#include <iterator>

using namespace facet;

namespace {

ExportMetadata sample() {
    RawInfo info;
    info.make = "Canon";
    info.model = "EOS D30";
    info.lens = "EF 100mm f/2.8 Macro";
    info.iso = 100;
    info.shutterSeconds = 1.0f / 125;
    info.aperture = 11;
    info.focalLengthMm = 100;
    ExportMetadata m = metadataFromRaw(info, "/shots/ring_0001.CRW");
    m.captureTime = "2026:11:28 10:30:00";
    m.profile = "gold on velvet";
    m.collection = "Autumn <2026> & more";
    return m;
}

}  // namespace

TEST(ExportMetadata, JsonRoundTripsAndSaysWhatItIs) {
    ExportMetadata m = sample();
    ExportMetadata back = metadataFromJson(metadataJson(m), "sidecar");
    EXPECT_EQ(back.make, "Canon");
    EXPECT_EQ(back.lens, m.lens);
    EXPECT_EQ(back.captureTime, m.captureTime);
    EXPECT_FLOAT_EQ(back.shutterSeconds, m.shutterSeconds);
    EXPECT_EQ(back.collection, m.collection);
    EXPECT_NE(metadataJson(m).find("\"exposure\": \"1/125 s\""), std::string::npos);
    EXPECT_THROW(metadataFromJson("{\"iso\": \"fast\"}", "x.json"), InputError);
    EXPECT_THROW(metadataFromJson("not json", "x.json"), InputError);
}

TEST(ExportMetadata, XmpIsEscapedAndCarriesTheExposure) {
    const std::string x = metadataXmp(sample());
    EXPECT_NE(x.find("<tiff:Make>Canon</tiff:Make>"), std::string::npos);
    EXPECT_NE(x.find("<exif:ExposureTime>1/125</exif:ExposureTime>"), std::string::npos);
    EXPECT_NE(x.find("<exif:DateTimeOriginal>2026-11-28T10:30:00</exif:DateTimeOriginal>"), std::string::npos);
    EXPECT_NE(x.find("Autumn &lt;2026&gt; &amp; more"), std::string::npos);
    EXPECT_EQ(x.find("<2026>"), std::string::npos);
}

TEST(ExportMetadata, TiffAndPngCarryTagsXmpAndTheSrgbTag) {
    test::TempDir dir;
    cv::Mat fg(40, 60, CV_32FC3, cv::Scalar(0.2, 0.4, 0.6));
    cv::Mat alpha(40, 60, CV_32FC1, cv::Scalar(0.75));
    ExportMetadata m = sample();
    CutoutFileTags tags;
    tags.make = m.make;
    tags.model = m.model;
    tags.dateTime = m.captureTime;
    tags.description = "ring 0001, gold on velvet";
    tags.xmp = metadataXmp(m);
    saveCutout(dir / "c.tif", fg, alpha, tags);
    saveCutout(dir / "c.png", fg, alpha, tags);

    CutoutFile tif = readCutoutFile(dir / "c.tif");
    EXPECT_EQ(tif.tags.make, "Canon");
    EXPECT_EQ(tif.tags.model, "EOS D30");
    EXPECT_EQ(tif.tags.dateTime, "2026:11:28 10:30:00");
    EXPECT_EQ(tif.tags.description, tags.description);
    EXPECT_EQ(tif.tags.xmp, tags.xmp);
    EXPECT_EQ(tif.iccProfile, srgbIccProfile());
    EXPECT_NEAR(tif.alpha.at<float>(10, 10), 0.75f, 1e-4);
    EXPECT_NEAR(tif.foreground.at<cv::Vec3f>(10, 10)[2], 0.6f, 1e-3);

    CutoutFile png = readCutoutFile(dir / "c.png");
    EXPECT_TRUE(png.srgbTagged);
    EXPECT_EQ(png.tags.xmp, tags.xmp);
    EXPECT_NEAR(png.alpha.at<float>(10, 10), 0.75f, 1e-4);
    // Still a PNG OpenCV reads, 16-bit RGBA.
    cv::Mat raw = cv::imread(dir / "c.png", cv::IMREAD_UNCHANGED);
    EXPECT_EQ(raw.type(), CV_16UC4);

    writeMetadataSidecar(dir / "c.tif", m);
    std::ifstream in(sidecarPathFor(dir / "c.tif"));
    std::string json((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(metadataFromJson(json, "sidecar").profile, "gold on velvet");
}

TEST(SrgbTagging, TheIccProfileIsWellFormed) {
    const std::string& p = srgbIccProfile();
    ASSERT_GE(p.size(), 128u);
    const uint32_t declared = (uint8_t(p[0]) << 24) | (uint8_t(p[1]) << 16) | (uint8_t(p[2]) << 8) | uint8_t(p[3]);
    EXPECT_EQ(declared, p.size());
    EXPECT_EQ(p.substr(36, 4), "acsp");
    EXPECT_EQ(p.substr(12, 4), "mntr");
    EXPECT_EQ(p.substr(16, 4), "RGB ");
    EXPECT_NE(p.find("sRGB IEC61966-2.1"), std::string::npos);
    // ImageMagick reads it as an sRGB profile.
    test::TempDir dir;
    saveCutout(dir / "p.tif", cv::Mat(8, 8, CV_32FC3, cv::Scalar(0.5, 0.5, 0.5)), cv::Mat(8, 8, CV_32FC1, cv::Scalar(1)));
    test::RunResult r = test::run("identify -verbose " + (dir / "p.tif") + " 2>&1 | grep icc:description");
    if (r.exitCode == 0) {
        EXPECT_NE(r.output.find("sRGB"), std::string::npos) << r.output;
    }
}

TEST(SrgbTagging, RejectsBytesThatAreNotAPng) { EXPECT_THROW(tagPngAsSrgb("GIF89a........................................"), std::invalid_argument); }
