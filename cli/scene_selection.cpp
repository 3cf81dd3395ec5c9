#include "cli/scene_selection.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace facet::cli {
namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

std::vector<std::string> splitList(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream in(s);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}

std::vector<scenes::Piece> piecesFrom(const Args& args) {
    const std::string list = args.value("--pieces", "all");
    if (list == "all") return scenes::allPieces();
    std::vector<scenes::Piece> pieces;
    for (const auto& name : splitList(list)) {
        scenes::Piece p;
        if (!scenes::pieceFromName(name, p)) throw UsageError("unknown piece '" + name + "'");
        pieces.push_back(p);
    }
    return pieces;
}

std::vector<uint64_t> seedsFrom(const Args& args) {
    const int n = int(args.number("--seeds", 1));
    if (n < 1) throw UsageError("--seeds must be at least 1");
    std::vector<uint64_t> seeds;
    for (int s = 0; s < n; ++s) seeds.push_back(100 + uint64_t(s));
    return seeds;
}

void printQualityHeader() {
    std::printf("| mode | piece | SAD | MSE | grad | conn | thin recall | hole fidelity | punch-through %% | stone err | halo (0-255) | plain tri SAD | ms |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
}

void printQualityRow(const std::vector<scenes::QualityRow>& seeds) {
    if (seeds.empty()) return;
    std::vector<double> sad, mse, grad, conn, thin, hole, punch, stone, halo, plain, ms;
    for (const auto& r : seeds) {
        const auto& q = r.scores;
        sad.push_back(q.sad), mse.push_back(q.mse), grad.push_back(q.gradient);
        conn.push_back(q.connectivity), thin.push_back(q.thinRecall), hole.push_back(q.holeFidelity);
        punch.push_back(q.punchThrough * 100), stone.push_back(q.stoneError), halo.push_back(q.whiteHalo);
        plain.push_back(r.plainTriangulationSad), ms.push_back(r.cutoutMs);
    }
    const bool hasPlain = median(plain) >= 0;
    const bool hasTime = median(ms) > 0;
    std::printf("| %s | %s | %.2f | %.5f | %.2f | %.2f | %.4f | %.4f | %.3f | %.4f | %.2f | %s | %s |\n",
                seeds[0].mode.c_str(), seeds[0].piece.c_str(), median(sad), median(mse), median(grad), median(conn),
                median(thin), median(hole), median(punch), median(stone), median(halo),
                hasPlain ? std::to_string(median(plain)).substr(0, 5).c_str() : "-",
                hasTime ? std::to_string(int(median(ms) + 0.5)).c_str() : "-");
    std::fflush(stdout);
}

}  // namespace facet::cli
