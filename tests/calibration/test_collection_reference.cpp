#include "calibration/collection_reference.hpp"
#include "pipeline/checks/background_stats.hpp"
#include "pipeline/errors.hpp"
#include "scenes/scene.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace facet;
using namespace facet::checks;

namespace {

BackgroundStats velvet(scenes::SceneOptions o = {}) {
    const scenes::Scene s = scenes::renderScene(o);
    CheckInput in;
    in.frame = s.shot;
    in.matte = s.alpha;
    return measureBackground(in);
}

BackgroundStats plateVelvet(scenes::SceneOptions o = {}) {
    const scenes::Scene s = scenes::renderScene(o);
    CheckInput in;
    in.frame = s.plate;
    in.matte = cv::Mat::zeros(s.plate.size(), CV_32FC1);
    return measureBackground(in);
}

void writeText(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST(CollectionReference, SavedAndLoadedUnchanged) {
    test::TempDir dir;
    CaptureSettings settings;
    settings.iso = 100;
    settings.shutterSeconds = 1.0 / 60;
    settings.aperture = 11;
    settings.whiteBalance = "daylight";
    const CollectionReference made = makeCollectionReference({velvet(), plateVelvet()}, {"a.png", "plate.png"}, settings);
    EXPECT_EQ(made.frames, 2);
    EXPECT_EQ(made.background.frameSize, cv::Size(1024, 680));
    saveCollectionReference(made, dir / "ref.json");
    const CollectionReference loaded = loadCollectionReference(dir / "ref.json");
    EXPECT_EQ(loaded.frames, 2);
    EXPECT_EQ(loaded.sources, made.sources);
    EXPECT_EQ(loaded.background.frameSize, made.background.frameSize);
    EXPECT_NEAR(loaded.background.luminance, made.background.luminance, 1e-9);
    EXPECT_NEAR(loaded.background.lab[0], made.background.lab[0], 1e-6);
    ASSERT_EQ(loaded.background.cellBgr.size(), made.background.cellBgr.size());
    EXPECT_NEAR(loaded.background.cellBgr[5][1], made.background.cellBgr[5][1], 1e-6);
    EXPECT_EQ(*loaded.settings.iso, 100);
    EXPECT_NEAR(*loaded.settings.shutterSeconds, 1.0 / 60, 1e-12);
    EXPECT_EQ(loaded.settings.whiteBalance, "daylight");
    // No temporary file left beside it.
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(CollectionReference, FramesAreHeldToIt) {
    const CollectionReference ref = makeCollectionReference({plateVelvet()}, {"plate.png"});
    CheckThresholds t;
    EXPECT_EQ(compareToReference(ref, velvet(), t, true).verdict, Verdict::Ok);
    scenes::SceneOptions o;
    o.backgroundLevel = 1.4;
    const BackgroundResult brighter = compareToReference(ref, velvet(o), t, true);
    EXPECT_NE(brighter.verdict, Verdict::Ok);
    EXPECT_TRUE(brighter.nonConforming);
    EXPECT_NE(brighter.message.find("brighter than the collection"), std::string::npos) << brighter.message;
}

TEST(CollectionReference, ChangedCameraSettingsAreNamed) {
    CaptureSettings then;
    then.shutterSeconds = 1.0 / 60;
    const CollectionReference ref = makeCollectionReference({plateVelvet()}, {"plate.png"}, then);
    CaptureSettings now;
    now.shutterSeconds = 1.0 / 30;
    const BackgroundResult r = compareToReference(ref, velvet(), {}, false, "ref.json", &now);
    EXPECT_EQ(r.verdict, Verdict::Warn);
    EXPECT_NE(r.message.find("shutter"), std::string::npos) << r.message;
}

TEST(CollectionReference, AnotherResolutionIsAnInputError) {
    const CollectionReference ref = makeCollectionReference({plateVelvet()}, {"plate.png"});
    scenes::SceneOptions o;
    o.size = {640, 424};
    try {
        compareToReference(ref, velvet(o), {}, false, "ref.json");
        FAIL() << "a 640x424 frame against a 1024x680 reference";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("1024x680"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("ref.json"), std::string::npos) << e.what();
    }
    EXPECT_THROW(makeCollectionReference({plateVelvet(), velvet(o)}, {"a.png", "b.png"}), InputError);
    EXPECT_THROW(makeCollectionReference({}, {}), InputError);
}

TEST(CollectionReference, CorruptOrForeignFilesAreInputErrorsNamingTheFile) {
    test::TempDir dir;
    const CollectionReference ref = makeCollectionReference({plateVelvet()}, {"plate.png"});
    saveCollectionReference(ref, dir / "good.json");
    std::ifstream in(dir / "good.json");
    std::string good((std::istreambuf_iterator<char>(in)), {});

    const std::vector<std::pair<std::string, std::string>> bad = {
        {"missing.json", ""},
        {"truncated.json", good.substr(0, good.size() / 2)},
        {"other.json", "{\"kind\": \"something-else\", \"version\": 1}"},
        {"nocells.json", "{\"kind\": \"facet-collection-reference\", \"version\": 1, \"frames\": 1, \"frame_size\": [1024, 680],"
                         " \"background\": {\"grid\": [12, 8], \"cells_linear_bgr\": [], \"cells_coverage\": []}}"},
        {"wrongtype.json", "{\"kind\": \"facet-collection-reference\", \"version\": 1, \"frames\": \"two\"}"},
        {"future.json", "{\"kind\": \"facet-collection-reference\", \"version\": 99}"},
    };
    for (const auto& [name, text] : bad) {
        const std::string path = dir / name;
        if (name != "missing.json") writeText(path, text);
        try {
            loadCollectionReference(path);
            FAIL() << name << " loaded";
        } catch (const InputError& e) {
            EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
        }
    }
}
