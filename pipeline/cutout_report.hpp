#pragma once
// The cutout's report for the retoucher and for the station: method, plate match, what to
// check (boxes with reasons), coverage, confidence and timings, as JSON.
#include "pipeline/cutout.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace facet {

nlohmann::json cutoutReport(const CutoutResult& result);

}  // namespace facet
