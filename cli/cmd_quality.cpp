// facet quality: the cutout measured on rendered scenes with exact ground truth.
#include "cli/args.hpp"
#include "cli/command.hpp"
#include "cli/scene_selection.hpp"
#include "pipeline/atomic_file.hpp"
#include "scenes/error_map.hpp"
#include "scenes/halo_headroom.hpp"
#include "scenes/halo_sources.hpp"
#include "scenes/quality_run.hpp"

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace facet::cli {
namespace {

const char* kUsage =
    "usage: facet quality [--pieces all|NAME,...] [--modes plate,no-plate,acrylic,dual] [--seeds N]\n"
    "                     [--size WxH] [--shadow S] [--json FILE] [--maps DIR] [--explain | --headroom]\n"
    "\n"
    "Renders every piece class with exact ground truth, cuts each out as the chosen capture\n"
    "modes allow, and prints the quality table (medians over N seeds): SAD, MSE, gradient and\n"
    "connectivity (alphamatting.com definitions), thin-structure recall, hole fidelity, metal\n"
    "punch-through, stone error and the halo on white. Dual rows also show the SAD of the plain\n"
    "triangulation formula on the same noisy input.\n"
    "\n"
    "--shadow S casts the piece's own shadow on the set (directional light): S is the share of\n"
    "the set's light it takes away under the piece, 0 (default) to 0.9. The plate has none.\n"
    "\n"
    "--maps DIR: also writes, per scene, DIR/PIECE-MODE-SEED.png: the shot (brightened) beside\n"
    "the truth in grey (mirrors tinted purple, stones blue) with the cutout's errors over 0.08 of\n"
    "alpha, red where too low (punched, bitten), green where too high (closed, kept).\n"
    "\n"
    "--explain: for the single shot with a plate (modes plate, acrylic), where the halo on white\n"
    "comes from instead of the table: per scene, its largest shares by what the pixels truly are,\n"
    "what the matte made of them, what they show and what the matte decided about them; then the\n"
    "thin-wire and hole pixels the targets count as missed, by the matte's decision and depth\n"
    "(and how many of the thin ones the projection on their true colour would have kept).\n"
    "\n"
    "--headroom: for the same modes, how far the halo on white could come down (medians over the\n"
    "seeds): the cutout's halo, the noise floor (the true alpha, colour unmixed from the noisy\n"
    "shot), and the cutout told one truth at a time: the rims' true colour, the mirrors' true\n"
    "alpha, the true alpha on soft edges, the true alpha on opaque and background pixels.\n";

// One piece's halo next to what it would be told each truth, medians over the seeds.
void printHeadroomRow(const std::string& piece, const std::string& mode, std::vector<scenes::HaloHeadroom> seeds) {
    auto median = [&](double scenes::HaloHeadroom::*field) {
        std::vector<double> v;
        for (const auto& h : seeds) v.push_back(h.*field);
        std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
        return v[v.size() / 2];
    };
    std::printf("| %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n", mode.c_str(), piece.c_str(),
                median(&scenes::HaloHeadroom::halo), median(&scenes::HaloHeadroom::noiseFloor),
                median(&scenes::HaloHeadroom::trueRimColour), median(&scenes::HaloHeadroom::trueMirrorAlpha),
                median(&scenes::HaloHeadroom::truePartialAlpha), median(&scenes::HaloHeadroom::trueSolidAlpha));
}

// The largest sources of one scene's halo, one line each.
void printHaloSources(const std::string& piece, const std::string& mode, uint64_t seed,
                      const scenes::HaloExplanation& e) {
    std::printf("%s, %s, seed %llu: halo %.2f on the whole frame\n", piece.c_str(), mode.c_str(),
                static_cast<unsigned long long>(seed), e.halo);
    double shown = 0;
    for (const auto& h : e.sources) {
        if (shown > 0.8 || h.share < 0.02) break;
        std::printf("  %5.1f %%  %-10s -> %-8s  %-12s %-17s %-8s  %6d px, %5.1f levels each\n", 100 * h.share,
                    h.truth.c_str(), h.matte.c_str(), h.region.c_str(), h.decision.c_str(), h.depth.c_str(), h.pixels,
                    h.meanLevels);
        shown += h.share;
    }
    auto printMisses = [](const char* target, const scenes::TargetMisses& t) {
        if (t.counted == 0) return;
        std::printf("  %s: %d of %d px missed", target, t.missed, t.counted);
        if (t.keptByTrueColour > 0)
            std::printf(" (%d kept on their true colour)", t.keptByTrueColour);
        std::printf("\n");
        for (size_t i = 0; i < t.sources.size() && i < 4; ++i)
            std::printf("    %6d px  %-17s %s\n", t.sources[i].pixels, t.sources[i].decision.c_str(),
                        t.sources[i].depth.c_str());
    };
    printMisses("thin recall", e.thinWire);
    printMisses("hole fidelity", e.holes);
}

// DIR/PIECE-MODE-SEED.png, written to a temporary name and renamed.
void writeErrorMap(const std::string& dir, const scenes::QualityRow& row, const scenes::SceneCutout& cut,
                   scenes::CaptureMode mode) {
    const cv::Mat map = scenes::errorMapImage(cut.scene, cut.result.alpha, mode == scenes::CaptureMode::Dual);
    std::vector<uchar> png;
    if (!cv::imencode(".png", map, png)) throw std::runtime_error("could not encode the error map of " + row.piece);
    const std::string name = row.piece + "-" + row.mode + "-" + std::to_string(row.seed) + ".png";
    writeBytesAtomically((std::filesystem::path(dir) / name).string(), std::string(png.begin(), png.end()));
}

int runQuality(const std::vector<std::string>& argv) {
    Args args(argv, {"--pieces", "--modes", "--seeds", "--size", "--shadow", "--json", "--maps"},
              {"--explain", "--headroom"});
    const std::vector<scenes::Piece> pieces = piecesFrom(args);
    std::vector<scenes::CaptureMode> modes;
    const bool explain = args.flag("--explain"), headroom = args.flag("--headroom");
    if (explain && headroom) throw UsageError("--explain and --headroom are two different reports: choose one");
    const std::optional<std::string> maps = args.value("--maps");
    if (maps && (explain || headroom))
        throw UsageError("--maps goes with the quality table, not with --explain or --headroom");
    if (maps) {
        std::error_code ec;
        std::filesystem::create_directories(*maps, ec);
        if (ec || !std::filesystem::is_directory(*maps))
            throw std::runtime_error("cannot make the folder for the error maps '" + *maps + "': " + ec.message());
    }
    const bool singleShotOnly = explain || headroom;
    for (const auto& name :
         splitList(args.value("--modes", singleShotOnly ? "plate" : "plate,no-plate,acrylic,dual"))) {
        scenes::CaptureMode m;
        if (!scenes::modeFromName(name, m)) throw UsageError("unknown mode '" + name + "'");
        modes.push_back(m);
    }
    const std::vector<uint64_t> seeds = seedsFrom(args);
    int w = 1024, h = 680;
    if (std::sscanf(args.value("--size", "1024x680").c_str(), "%dx%d", &w, &h) != 2 || w < 64 || h < 64)
        throw UsageError("--size expects WxH, e.g. 1024x680");
    const double shadow = args.number("--shadow", 0.0);
    if (!(shadow >= 0.0 && shadow <= 0.9)) throw UsageError("--shadow expects a share of the light from 0 to 0.9");

    if (singleShotOnly)
        for (auto mode : modes)
            if (mode != scenes::CaptureMode::SingleWithPlate && mode != scenes::CaptureMode::Acrylic)
                throw UsageError(std::string(explain ? "--explain" : "--headroom") +
                                 " covers the single shot with a plate: --modes plate,acrylic");
    if (headroom) {
        std::printf("| mode | piece | halo | noise floor | told the rims' colour | told the mirrors' alpha | "
                    "told the soft edges' alpha | told the solid pixels' alpha |\n|---|---|---|---|---|---|---|---|\n");
        for (auto mode : modes)
            for (auto piece : pieces) {
                std::vector<scenes::HaloHeadroom> rows;
                for (uint64_t seed : seeds) rows.push_back(scenes::measureHaloHeadroom(piece, mode, seed, {w, h}, shadow));
                printHeadroomRow(scenes::pieceName(piece), scenes::modeName(mode), rows);
            }
        return kOk;
    }
    if (explain) {
        for (auto mode : modes) {
            for (auto piece : pieces)
                for (uint64_t seed : seeds)
                    printHaloSources(scenes::pieceName(piece), scenes::modeName(mode), seed,
                                     scenes::explainHalo(piece, mode, seed, {w, h}, shadow));
        }
        return kOk;
    }

    nlohmann::json all = nlohmann::json::array();
    printQualityHeader();
    for (auto mode : modes) {
        for (auto piece : pieces) {
            std::vector<scenes::QualityRow> rows;
            for (uint64_t seed : seeds) {
                const scenes::SceneCutout cut = scenes::cutOutScene(piece, mode, seed, {w, h}, shadow);
                scenes::QualityRow r = scenes::scoreCutout(cut, piece, mode, seed);
                if (maps) writeErrorMap(*maps, r, cut, mode);
                const auto& q = r.scores;
                all.push_back({{"piece", r.piece}, {"mode", r.mode}, {"seed", r.seed}, {"sad", q.sad},
                               {"mse", q.mse}, {"gradient", q.gradient}, {"connectivity", q.connectivity},
                               {"thin_recall", q.thinRecall}, {"hole_fidelity", q.holeFidelity},
                               {"punch_through", q.punchThrough}, {"stone_error", q.stoneError},
                               {"white_halo", q.whiteHalo}, {"plain_triangulation_sad", r.plainTriangulationSad},
                               {"cutout_ms", r.cutoutMs}});
                rows.push_back(r);
            }
            printQualityRow(rows);
        }
    }
    if (auto j = args.value("--json")) writeBytesAtomically(*j, all.dump(2) + "\n");
    return kOk;
}

Registration reg{"quality", "measure the cutout on rendered scenes with exact ground truth", runQuality, kUsage};

}  // namespace
}  // namespace facet::cli
