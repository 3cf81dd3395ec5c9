// facet peer: Facet side by side with a generic AI background remover on the same scenes.
#include "cli/args.hpp"
#include "cli/command.hpp"
#include "cli/scene_selection.hpp"
#include "scenes/peer_comparison.hpp"

#include <filesystem>
#include <iostream>

namespace facet::cli {
namespace {

const char* kUsage =
    "usage: facet peer shots DIR [--pieces all|NAME,...] [--seeds N]\n"
    "       facet peer score DIR [--name NAME] [--pieces all|NAME,...] [--seeds N]\n"
    "\n"
    "shots: writes each scene's single shot as DIR/<piece>-<seed>.png, 8-bit sRGB, the way a\n"
    "       generic background remover receives a photo (no plate, no second exposure).\n"
    "score: reads the peer's RGBA answers DIR/<piece>-<seed>.cutout.png and prints the quality\n"
    "       table for them next to Facet's single shot with and without a plate on the same\n"
    "       scenes (tools/isnet-peer runs the IMG.LY ISNet model; see docs/quality.md).\n";

int runPeer(const std::vector<std::string>& argv) {
    Args args(argv, {"--pieces", "--seeds", "--name"});
    const auto& pos = args.positional();
    if (pos.size() != 2 || (pos[0] != "shots" && pos[0] != "score")) throw UsageError("expected: shots DIR or score DIR");
    const std::string dir = pos[1];
    const auto pieces = piecesFrom(args);
    const auto seeds = seedsFrom(args);
    if (pos[0] == "shots") {
        std::filesystem::create_directories(dir);
        for (auto piece : pieces)
            for (uint64_t seed : seeds) {
                scenes::writePeerShot(dir, piece, seed);
                std::cout << scenes::peerShotPath(dir, piece, seed) << "\n";
            }
        return kOk;
    }
    const std::string name = args.value("--name", "peer");
    printQualityHeader();
    for (auto piece : pieces) {
        std::vector<scenes::QualityRow> peer, withPlate, withoutPlate;
        for (uint64_t seed : seeds) {
            peer.push_back(scenes::scorePeerCutout(dir, name, piece, seed));
            withPlate.push_back(scenes::measureCutout(piece, scenes::CaptureMode::SingleWithPlate, seed));
            withoutPlate.push_back(scenes::measureCutout(piece, scenes::CaptureMode::SingleNoPlate, seed));
        }
        printQualityRow(peer);
        printQualityRow(withPlate);
        printQualityRow(withoutPlate);
    }
    return kOk;
}

Registration reg{"peer", "compare with a generic AI background remover on the same scenes", runPeer, kUsage};

}  // namespace
}  // namespace facet::cli
