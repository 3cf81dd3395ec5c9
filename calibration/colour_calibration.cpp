#include "calibration/colour_calibration.hpp"

#include "calibration/calibration_files.hpp"
#include "pipeline/errors.hpp"

namespace facet {

ColourCalibration calibrateColourFromChart(const cv::Mat& linearBgr, const std::string& file, bool withOffset) {
    ColourChart chart = findColourChart(linearBgr, file);
    ColourCalibration cal;
    cal.chart = chartKindName(chart.kind);
    cal.madeFrom = file;
    cal.matrix = fitColourMatrix(chart.measured, chart.reference, chart.usable, withOffset);
    // The matrix already balances the neutrals; gains stay 1 so they are not applied twice.
    return cal;
}

void saveColourCalibration(const std::string& sidecarPath, const ColourCalibration& c) {
    nlohmann::json matrix = nlohmann::json::array();
    for (int r = 0; r < 3; ++r)
        matrix.push_back({c.matrix.m(r, 0), c.matrix.m(r, 1), c.matrix.m(r, 2), c.matrix.m(r, 3)});
    commitCalibration(sidecarPath, {},
                      calibrationRecord("color", c.madeFrom,
                                        {{"chart", c.chart},
                                         {"colour_space", "linear sRGB primaries, R G B order"},
                                         {"white_balance_gains",
                                          {c.whiteBalanceGains[0], c.whiteBalanceGains[1], c.whiteBalanceGains[2]}},
                                         {"matrix_3x4", matrix},
                                         {"with_offset", c.matrix.withOffset},
                                         {"patches_used", c.matrix.patchesUsed},
                                         {"mean_delta_e76", c.matrix.meanDeltaE},
                                         {"max_delta_e76", c.matrix.maxDeltaE},
                                         {"mean_delta_e76_before", c.matrix.meanDeltaEBefore}}));
}

ColourCalibration loadColourCalibration(const std::string& sidecarPath) {
    auto j = readCalibrationSidecar(sidecarPath, "color");
    ColourCalibration c;
    try {
        const auto& g = j.at("white_balance_gains");
        c.whiteBalanceGains = cv::Vec3d(g.at(0).get<double>(), g.at(1).get<double>(), g.at(2).get<double>());
        const auto& m = j.at("matrix_3x4");
        for (int r = 0; r < 3; ++r)
            for (int k = 0; k < 4; ++k) c.matrix.m(r, k) = m.at(r).at(k).get<double>();
        c.matrix.withOffset = j.value("with_offset", false);
        c.matrix.patchesUsed = j.value("patches_used", 0);
        c.matrix.meanDeltaE = j.value("mean_delta_e76", 0.0);
        c.matrix.maxDeltaE = j.value("max_delta_e76", 0.0);
        c.chart = j.value("chart", "");
        c.madeFrom = j.value("made_from", "");
    } catch (const nlohmann::json::exception&) {
        throw InputError(sidecarPath + ": colour calibration is incomplete (white_balance_gains, matrix_3x4); "
                         "make it again with 'facet calibrate color'");
    }
    return c;
}

}  // namespace facet
