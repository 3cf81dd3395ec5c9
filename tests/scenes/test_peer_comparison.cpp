// The plumbing of the side-by-side comparison with a generic background remover (the peer
// itself is never needed by the tests).
#include "pipeline/errors.hpp"
#include "pipeline/srgb.hpp"
#include "scenes/peer_comparison.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include <filesystem>

#include <unistd.h>

using namespace facet;
using namespace facet::scenes;

namespace {

std::filesystem::path freshDir(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() / ("facet-peer-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

}  // namespace

TEST(PeerComparison, ATruthfulAnswerScoresPerfectlyAPunchedOneDoesNot) {
    const auto dir = freshDir("truth");
    const cv::Size size(320, 220);
    writePeerShot(dir.string(), Piece::CableChain, 5, size);
    const cv::Mat shot = cv::imread(peerShotPath(dir.string(), Piece::CableChain, 5), cv::IMREAD_UNCHANGED);
    ASSERT_EQ(shot.type(), CV_8UC3);
    ASSERT_EQ(shot.size(), size);

    SceneOptions o;
    o.piece = Piece::CableChain;
    o.seed = 5;
    o.size = size;
    const Scene scene = renderScene(o);
    cv::Mat colour = linearToSrgb(scene.foreground, CV_16U), alpha, rgba;
    scene.alpha.convertTo(alpha, CV_16U, 65535.0);
    cv::Mat channels[3];
    cv::split(colour, channels);
    cv::merge(std::vector<cv::Mat>{channels[0], channels[1], channels[2], alpha}, rgba);
    cv::imwrite(peerCutoutPath(dir.string(), Piece::CableChain, 5), rgba);
    const QualityRow perfect = scorePeerCutout(dir.string(), "truth", Piece::CableChain, 5, size);
    EXPECT_LT(perfect.scores.sad, 0.01);
    EXPECT_EQ(perfect.scores.punchThrough, 0.0);
    EXPECT_LT(perfect.scores.whiteHalo, 0.5);

    // Punch the polished metal, as a generic remover does.
    rgba.setTo(0, scene.regions == 2);
    cv::imwrite(peerCutoutPath(dir.string(), Piece::CableChain, 5), rgba);
    const QualityRow punched = scorePeerCutout(dir.string(), "punched", Piece::CableChain, 5, size);
    EXPECT_GT(punched.scores.punchThrough, 0.05);
    std::filesystem::remove_all(dir);
}

TEST(PeerComparison, AMissingAnswerNamesTheFile) {
    const auto dir = freshDir("missing");
    try {
        scorePeerCutout(dir.string(), "peer", Piece::Filigree, 100, {320, 220});
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("filigree-100.cutout.png"), std::string::npos) << e.what();
    }
    std::filesystem::remove_all(dir);
}
