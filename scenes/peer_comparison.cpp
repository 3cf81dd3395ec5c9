#include "scenes/peer_comparison.hpp"

#include "pipeline/atomic_file.hpp"
#include "pipeline/errors.hpp"
#include "pipeline/srgb.hpp"

#include <opencv2/imgcodecs.hpp>

#include <filesystem>

namespace facet::scenes {
namespace {

SceneOptions sceneFor(Piece piece, uint64_t seed, cv::Size size) {
    SceneOptions o;
    o.piece = piece;
    o.seed = seed;
    o.size = size;
    o.surface = Surface::BlackVelvet;
    return o;
}

}  // namespace

std::string peerShotPath(const std::string& dir, Piece piece, uint64_t seed) {
    return (std::filesystem::path(dir) / (pieceName(piece) + "-" + std::to_string(seed) + ".png")).string();
}

std::string peerCutoutPath(const std::string& dir, Piece piece, uint64_t seed) {
    return (std::filesystem::path(dir) / (pieceName(piece) + "-" + std::to_string(seed) + ".cutout.png")).string();
}

void writePeerShot(const std::string& dir, Piece piece, uint64_t seed, cv::Size size) {
    const Scene scene = renderScene(sceneFor(piece, seed, size));
    std::vector<uchar> png;
    cv::imencode(".png", linearToSrgb(scene.shot, CV_8U), png);
    writeBytesAtomically(peerShotPath(dir, piece, seed), std::string(png.begin(), png.end()));
}

QualityRow scorePeerCutout(const std::string& dir, const std::string& peerName, Piece piece, uint64_t seed,
                           cv::Size size) {
    const std::string path = peerCutoutPath(dir, piece, seed);
    const cv::Mat rgba = cv::imread(path, cv::IMREAD_UNCHANGED);
    if (rgba.empty()) throw InputError(path + ": missing or not an image (run the peer on the shots first)");
    if (rgba.channels() != 4 || rgba.size() != size)
        throw InputError(path + ": expected an RGBA image of " + std::to_string(size.width) + "x" +
                         std::to_string(size.height) + " (the peer's cutout of the shot)");
    const Scene scene = renderScene(sceneFor(piece, seed, size));
    cv::Mat channels[4];
    cv::split(rgba, channels);
    const double full = rgba.depth() == CV_16U ? 65535.0 : 255.0;
    cv::Mat alpha, colour;
    channels[3].convertTo(alpha, CV_32F, 1.0 / full);
    cv::merge(channels, 3, colour);
    // The peer's colour is straight (unassociated) sRGB, as PNG stores it.
    const cv::Mat foreground = srgbToLinear(colour);

    QualityRow row;
    row.piece = pieceName(piece);
    row.mode = peerName;
    row.seed = seed;
    row.scores = scoreJewelryMatte(alpha, foreground, scene.alpha, scene.foreground, scene.regions);
    return row;
}

}  // namespace facet::scenes
