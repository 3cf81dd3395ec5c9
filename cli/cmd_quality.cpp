// facet quality: the cutout measured on rendered scenes with exact ground truth.
#include "cli/args.hpp"
#include "cli/command.hpp"
#include "pipeline/atomic_file.hpp"
#include "scenes/quality_run.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <sstream>

namespace facet::cli {
namespace {

const char* kUsage =
    "usage: facet quality [--pieces all|NAME,...] [--modes plate,no-plate,acrylic,dual] [--seeds N]\n"
    "                     [--size WxH] [--json FILE]\n"
    "\n"
    "Renders every piece class with exact ground truth, cuts each out as the chosen capture\n"
    "modes allow, and prints the quality table (medians over N seeds): SAD, MSE, gradient and\n"
    "connectivity (alphamatting.com definitions), thin-structure recall, hole fidelity, metal\n"
    "punch-through, stone error and the halo on white. Dual rows also show the SAD of the plain\n"
    "triangulation formula on the same noisy input.\n";

std::vector<std::string> splitList(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream in(s);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

int runQuality(const std::vector<std::string>& argv) {
    Args args(argv, {"--pieces", "--modes", "--seeds", "--size", "--json"});
    std::vector<scenes::Piece> pieces;
    const std::string pieceList = args.value("--pieces", "all");
    if (pieceList == "all") {
        pieces = scenes::allPieces();
    } else {
        for (const auto& name : splitList(pieceList)) {
            scenes::Piece p;
            if (!scenes::pieceFromName(name, p)) throw UsageError("unknown piece '" + name + "'");
            pieces.push_back(p);
        }
    }
    std::vector<scenes::CaptureMode> modes;
    for (const auto& name : splitList(args.value("--modes", "plate,no-plate,acrylic,dual"))) {
        scenes::CaptureMode m;
        if (!scenes::modeFromName(name, m)) throw UsageError("unknown mode '" + name + "'");
        modes.push_back(m);
    }
    const int seeds = int(args.number("--seeds", 1));
    if (seeds < 1) throw UsageError("--seeds must be at least 1");
    int w = 1024, h = 680;
    if (std::sscanf(args.value("--size", "1024x680").c_str(), "%dx%d", &w, &h) != 2 || w < 64 || h < 64)
        throw UsageError("--size expects WxH, e.g. 1024x680");

    nlohmann::json all = nlohmann::json::array();
    std::printf("| mode | piece | SAD | MSE | grad | conn | thin recall | hole fidelity | punch-through %% | stone err | halo (0-255) | plain tri SAD | ms |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (auto mode : modes) {
        for (auto piece : pieces) {
            std::vector<double> sad, mse, grad, conn, thin, hole, punch, stone, halo, plain, ms;
            for (int s = 0; s < seeds; ++s) {
                scenes::QualityRow r = scenes::measureCutout(piece, mode, 100 + s, {w, h});
                const auto& q = r.scores;
                sad.push_back(q.sad), mse.push_back(q.mse), grad.push_back(q.gradient);
                conn.push_back(q.connectivity), thin.push_back(q.thinRecall), hole.push_back(q.holeFidelity);
                punch.push_back(q.punchThrough * 100), stone.push_back(q.stoneError), halo.push_back(q.whiteHalo);
                plain.push_back(r.plainTriangulationSad), ms.push_back(r.cutoutMs);
                all.push_back({{"piece", r.piece}, {"mode", r.mode}, {"seed", r.seed}, {"sad", q.sad},
                               {"mse", q.mse}, {"gradient", q.gradient}, {"connectivity", q.connectivity},
                               {"thin_recall", q.thinRecall}, {"hole_fidelity", q.holeFidelity},
                               {"punch_through", q.punchThrough}, {"stone_error", q.stoneError},
                               {"white_halo", q.whiteHalo}, {"plain_triangulation_sad", r.plainTriangulationSad},
                               {"cutout_ms", r.cutoutMs}});
            }
            const bool dual = mode == scenes::CaptureMode::Dual;
            std::printf("| %s | %s | %.2f | %.5f | %.2f | %.2f | %.4f | %.4f | %.3f | %.4f | %.2f | %s | %.0f |\n",
                        scenes::modeName(mode).c_str(), scenes::pieceName(piece).c_str(), median(sad), median(mse),
                        median(grad), median(conn), median(thin), median(hole), median(punch), median(stone),
                        median(halo), dual ? std::to_string(median(plain)).substr(0, 5).c_str() : "-", median(ms));
            std::fflush(stdout);
        }
    }
    if (auto j = args.value("--json")) writeBytesAtomically(*j, all.dump(2) + "\n");
    return kOk;
}

Registration reg{"quality", "measure the cutout on rendered scenes with exact ground truth", runQuality, kUsage};

}  // namespace
}  // namespace facet::cli
