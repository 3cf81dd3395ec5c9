#include "calibration/colour_chart.hpp"

#include "pipeline/errors.hpp"
#include "pipeline/image.hpp"
#include "pipeline/srgb.hpp"

#include <opencv2/imgproc.hpp>
#include <opencv2/mcc.hpp>
#include <opencv2/mcc/ccm.hpp>

namespace facet {

const char* chartKindName(ChartKind kind) {
    return kind == ChartKind::ColorChecker24 ? "ColorChecker 24" : "ColorChecker Digital SG";
}

int ColourChart::usableCount() const {
    int n = 0;
    for (bool u : usable) n += u;
    return n;
}

const std::vector<cv::Vec3d>& colorChecker24Reference() {
    static const std::vector<cv::Vec3d> linear = [] {
        // sRGB 8-bit, R G B, chart order (row by row from dark skin to black).
        const int srgb[24][3] = {
            {115, 82, 68},   {194, 150, 130}, {98, 122, 157},  {87, 108, 67},   {133, 128, 177}, {103, 189, 170},
            {214, 126, 44},  {80, 91, 166},   {193, 90, 99},   {94, 60, 108},   {157, 188, 64},  {224, 163, 46},
            {56, 61, 150},   {70, 148, 73},   {175, 54, 60},   {231, 199, 31},  {187, 86, 149},  {8, 133, 161},
            {243, 243, 242}, {200, 200, 200}, {160, 160, 160}, {122, 122, 121}, {85, 85, 85},    {52, 52, 52},
        };
        std::vector<cv::Vec3d> out;
        for (const auto& p : srgb)
            out.emplace_back(srgbDecode(p[0] / 255.f), srgbDecode(p[1] / 255.f), srgbDecode(p[2] / 255.f));
        return out;
    }();
    return linear;
}

std::vector<cv::Vec3d> chartReference(ChartKind kind) {
    if (kind == ChartKind::ColorChecker24) return colorChecker24Reference();
    // OpenCV's ccm module carries the Digital SG's measured values; its model exposes them, in
    // linear sRGB, once run on any source of the right length.
    cv::Mat dummy(140, 1, CV_64FC3, cv::Scalar(0.3, 0.3, 0.3));
    cv::ccm::ColorCorrectionModel model(dummy, cv::ccm::COLORCHECKER_DigitalSG);
    model.setLinear(cv::ccm::LINEARIZATION_IDENTITY);
    model.run();
    cv::Mat dst = model.get_dst_rgbl();
    std::vector<cv::Vec3d> out;
    for (int i = 0; i < static_cast<int>(dst.total()); ++i) out.push_back(dst.at<cv::Vec3d>(i));
    return out;
}

namespace {

std::optional<ColourChart> detect(const cv::Mat& encoded8, ChartKind kind) {
    auto detector = cv::mcc::CCheckerDetector::create();
    auto params = cv::mcc::DetectorParameters::create();
    // The default refuses images under 1000 px; a chart in a small frame (or an old camera's
    // 768x512) is still worth finding.
    params->minImageSize = 200;
    const auto type = kind == ChartKind::ColorChecker24 ? cv::mcc::MCC24 : cv::mcc::SG140;
    if (!detector->process(encoded8, type, 1, false, params)) return std::nullopt;
    auto checker = detector->getBestColorChecker();
    if (!checker) return std::nullopt;
    cv::Mat rgb = checker->getChartsRGB();   // rows: R,G,B per patch; cols: size, mean, sd, max, min
    const auto reference = chartReference(kind);
    if (rgb.rows != static_cast<int>(reference.size()) * 3) return std::nullopt;
    ColourChart chart;
    chart.kind = kind;
    chart.box = checker->getBox();
    chart.detectionCost = checker->getCost();
    chart.reference = reference;
    for (size_t i = 0; i < reference.size(); ++i) {
        cv::Vec3d linear;
        bool clipped = false;
        for (int c = 0; c < 3; ++c) {
            const double mean = rgb.at<double>(static_cast<int>(3 * i + c), 1);
            const double max = rgb.at<double>(static_cast<int>(3 * i + c), 3);
            // The detector averages the 8-bit encoded image; patches are flat, so decoding the
            // mean is within noise of the mean of decoded values.
            linear[c] = srgbDecode(static_cast<float>(mean / 255.0));
            clipped |= max >= 254.5;
        }
        chart.measured.push_back(linear);
        chart.usable.push_back(!clipped);
    }
    return chart;
}

}  // namespace

ColourChart findColourChart(const cv::Mat& linearBgr, const std::string& file, std::optional<ChartKind> kind) {
    if (!isLinearColour(linearBgr)) throw InputError(file + ": not a colour image");
    cv::Mat encoded = linearToSrgb(linearBgr, CV_8U);
    std::vector<ChartKind> kinds = kind ? std::vector<ChartKind>{*kind}
                                        : std::vector<ChartKind>{ChartKind::ColorChecker24, ChartKind::DigitalSG140};
    for (ChartKind k : kinds) {
        if (auto chart = detect(encoded, k)) {
            if (chart->usableCount() < 12)
                throw InputError(file + ": found a " + std::string(chartKindName(k)) + " but only " +
                                 std::to_string(chart->usableCount()) + " of its patches are unclipped; expose "
                                 "for the white patch (about 1 stop darker) and shoot it again");
            return *chart;
        }
    }
    throw InputError(file + ": no colour chart found (looked for " +
                     std::string(kind ? chartKindName(*kind) : "a ColorChecker 24 or Digital SG") +
                     "). Fill at least a quarter of the frame with the chart, square to the camera, evenly lit "
                     "and without glare; the previous colour calibration is kept");
}

}  // namespace facet
