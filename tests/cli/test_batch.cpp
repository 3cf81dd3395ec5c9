// End-to-end runs of `facet batch`: resumable, failure-tolerant, nothing half-written.
#include "pipeline/cutout_file.hpp"
#include "pipeline/photoshop_path.hpp"
#include "pipeline/srgb.hpp"
#include "pipeline/synthetic_dng.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <chrono>
#include <fstream>
#include <iterator>
#include <thread>

using namespace facet;
namespace fs = std::filesystem;

namespace {

// `count` shots of a ring on velvet (the ring moving a little) and their shared plate.
void writeShots(const test::TempDir& dir, int count, cv::Size size = {320, 240}) {
    fs::create_directories(dir.path() / "shots");
    cv::RNG rng(5);
    cv::Mat plate(size, CV_32FC3);
    rng.fill(plate, cv::RNG::NORMAL, cv::Scalar::all(0.012), cv::Scalar::all(0.003));
    cv::imwrite(dir / "plate.png", linearToSrgb(plate, CV_16U));
    for (int i = 0; i < count; ++i) {
        cv::Mat shot = plate.clone();
        cv::circle(shot, {size.width / 2 + 3 * i, size.height / 2}, size.height / 4, cv::Scalar(0.25, 0.5, 0.65),
                   size.height / 16, cv::LINE_AA);
        char name[32];
        std::snprintf(name, sizeof name, "ring_%02d.png", i);
        cv::imwrite((dir.path() / "shots" / name).string(), linearToSrgb(shot, CV_16U));
    }
}

std::string facetCmd(const std::string& args) { return test::facetBinary() + " " + args; }

std::vector<std::string> namesIn(const fs::path& p) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(p)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

bool isHiddenTemporary(const std::string& name) { return name[0] == '.' && name.find(".partial-") != std::string::npos; }

}  // namespace

TEST(BatchCli, CutsEveryShotReportsTheBadOneAndResumes) {
    test::TempDir dir;
    writeShots(dir, 4);
    std::ofstream(dir.path() / "shots" / "broken.png") << "not a png at all";
    const std::string cmd = facetCmd("batch " + (dir / "shots") + " --plate " + (dir / "plate.png") + " -o " +
                                     (dir / "out") + " -j2 --collection Autumn");
    auto r = test::run(cmd);
    EXPECT_EQ(r.exitCode, 1) << r.output;  // one shot failed
    EXPECT_NE(r.output.find("broken.png: not a PNG, TIFF or JPEG"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("4 cut, 0 already done, 1 failed"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("images/min"), std::string::npos);
    EXPECT_NE(r.output.find("ETA"), std::string::npos);
    auto names = namesIn(dir.path() / "out");
    EXPECT_EQ(names.size(), 8u);  // 4 cutouts + 4 sidecars, nothing for the broken shot
    for (int i = 0; i < 4; ++i) {
        const std::string png = (dir.path() / "out" / ("ring_0" + std::to_string(i) + ".png")).string();
        cv::Mat out = cv::imread(png, cv::IMREAD_UNCHANGED);
        ASSERT_EQ(out.type(), CV_16UC4) << png;
        EXPECT_EQ((out.at<cv::Vec<uint16_t, 4>>(120, 160)[3]), 0);  // the ring's hole
        std::ifstream in(png + ".json");
        nlohmann::json j = nlohmann::json::parse(in);
        EXPECT_EQ(j["collection"], "Autumn");
        EXPECT_EQ(j["cutout"]["method"], "clean-plate");
    }
    // Again: the finished shots are skipped, the broken one fails again.
    r = test::run(cmd);
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("0 cut, 4 already done, 1 failed"), std::string::npos) << r.output;
    // Fixed: all done, success.
    fs::remove(dir.path() / "shots" / "broken.png");
    r = test::run(cmd);
    EXPECT_EQ(r.exitCode, 0) << r.output;
}

TEST(BatchCli, AKilledBatchLeavesNoHalfFileAndTheRerunFinishes) {
    test::TempDir dir;
    writeShots(dir, 6, {800, 600});
    const std::string cmd = facetCmd("batch " + (dir / "shots") + " --plate " + (dir / "plate.png") + " -o " +
                                     (dir / "out") + " -j1");
    // Start, wait for the first finished cutout, then kill -9 mid-way (no chance to clean up).
    auto r = test::run("(" + cmd + " >/dev/null 2>&1 & pid=$!; for i in $(seq 400); do ls " + (dir / "out") +
                       "/*.png >/dev/null 2>&1 && break; sleep 0.025; done; kill -9 $pid; wait $pid; true)");
    ASSERT_TRUE(fs::is_directory(dir.path() / "out"));
    int complete = 0;
    for (const std::string& name : namesIn(dir.path() / "out")) {
        if (isHiddenTemporary(name)) continue;  // allowed: never under the real name
        const fs::path p = dir.path() / "out" / name;
        if (p.extension() == ".json") {
            std::ifstream in(p);
            EXPECT_NO_THROW(nlohmann::json::parse(in)) << name;
            continue;
        }
        cv::Mat img = cv::imread(p.string(), cv::IMREAD_UNCHANGED);
        EXPECT_EQ(img.type(), CV_16UC4) << name << " is half-written";
        ++complete;
    }
    EXPECT_LT(complete, 6) << "the batch finished before the kill; the test proves nothing (make it bigger)";
    r = test::run(cmd);
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find(std::to_string(complete) + " already done"), std::string::npos) << r.output;
    auto names = namesIn(dir.path() / "out");
    EXPECT_EQ(names.size(), 12u);
    for (const auto& n : names) EXPECT_FALSE(isHiddenTemporary(n)) << n << " was left behind";
}

TEST(BatchCli, TakesCameraRawAndCarriesItsMetadata) {
    test::TempDir dir;
    fs::create_directories(dir.path() / "shots");
    SyntheticDngSpec spec;
    spec.scene = cv::Mat(240, 320, CV_32FC3, cv::Scalar(0.012, 0.012, 0.012));
    cv::circle(spec.scene, {160, 120}, 60, cv::Scalar(0.25, 0.5, 0.65), 14, cv::LINE_AA);
    writeSyntheticDng((dir.path() / "shots" / "ring.dng").string(), spec);
    auto r = test::run(facetCmd("batch '" + (dir / "shots") + "/*.dng' -o " + (dir / "out") + " --format tif"));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    std::ifstream in(dir / "out/ring.tif.json");
    nlohmann::json j = nlohmann::json::parse(in);
    EXPECT_EQ(j["make"], "Facet");
    EXPECT_EQ(j["model"], "Synthetic Bayer");
    EXPECT_EQ(j["capture_time"], "2026:11:28 10:30:00");
    auto info = test::run("tiffinfo " + (dir / "out/ring.tif"));
    if (info.exitCode == 0) {
        EXPECT_NE(info.output.find("Make: Facet"), std::string::npos) << info.output;
    }
}

TEST(BatchCli, TakesAProfileByNameAndRecordsIt) {
    test::TempDir dir;
    writeShots(dir, 1);
    auto r = test::run(facetCmd("batch " + (dir / "shots") + " --profile black-velvet --plate " + (dir / "plate.png") +
                                " -o " + (dir / "out")));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    std::ifstream in(dir / "out/ring_00.png.json");
    nlohmann::json j = nlohmann::json::parse(in);
    EXPECT_EQ(j["profile"], "black-velvet");
    // The profile's deliverables: the marketplace JPEG (2000 px, with its clipping path in
    // APP13), the retouch TIFF with the path, the transparent PNG.
    cv::Mat shop = cv::imread(dir / "out/ring_00.marketplace.jpg");
    EXPECT_EQ(shop.size(), cv::Size(2000, 2000));
    std::ifstream jpegIn(dir / "out/ring_00.marketplace.jpg", std::ios::binary);
    std::string jpeg((std::istreambuf_iterator<char>(jpegIn)), {});
    NamedPath clip = findClippingPath(decodePhotoshopResources(photoshopResourcesOfJpeg(jpeg)), {2000, 2000});
    EXPECT_TRUE(clip.found);
    EXPECT_EQ(clip.path.contours.size(), 2u);  // the ring and its hole
    CutoutFile retouch = readCutoutFile(dir / "out/ring_00.retouch.tif");
    EXPECT_TRUE(findClippingPath(decodePhotoshopResources(retouch.tags.photoshopResources), retouch.alpha.size()).found);
    EXPECT_TRUE(fs::exists(dir / "out/ring_00.web-transparent.png"));
    r = test::run(facetCmd("batch " + (dir / "shots") + " --profile no-such-profile -o " + (dir / "out2")));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("no-such-profile"), std::string::npos) << r.output;
}

TEST(BatchCli, AnUnusableOutputFolderIsAClearErrorBeforeAnyWork) {
    test::TempDir dir;
    writeShots(dir, 1);
    std::ofstream(dir / "a-file") << "x";
    auto r = test::run(facetCmd("batch " + (dir / "shots") + " -o " + (dir / "a-file/out")));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("cannot create the output folder"), std::string::npos) << r.output;
    r = test::run(facetCmd("batch " + (dir / "nothing-here") + " -o " + (dir / "out")));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("nothing-here"), std::string::npos) << r.output;
    r = test::run(facetCmd("batch " + (dir / "shots") + " -o " + (dir / "out") + " -j 0"));
    EXPECT_EQ(r.exitCode, 2);
}
