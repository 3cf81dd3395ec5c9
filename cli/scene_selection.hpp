#pragma once
// What `facet quality` and `facet peer` share: which rendered scenes to use (--pieces,
// --seeds) and the quality table they print.
#include "cli/args.hpp"
#include "scenes/quality_run.hpp"

#include <string>
#include <vector>

namespace facet::cli {

std::vector<std::string> splitList(const std::string& s);

// --pieces all|NAME,... (default all); UsageError naming an unknown piece.
std::vector<scenes::Piece> piecesFrom(const Args& args);
// --seeds N (default 1): the scenes use seeds 100 .. 100 + N - 1.
std::vector<uint64_t> seedsFrom(const Args& args);

// The quality table: header, then one line of medians per (mode, piece) over its seeds.
void printQualityHeader();
void printQualityRow(const std::vector<scenes::QualityRow>& seeds);

}  // namespace facet::cli
