#include "calibration/colour_chart.hpp"

#include "pipeline/errors.hpp"
#include "pipeline/image.hpp"
#include "pipeline/srgb.hpp"

#include <opencv2/imgproc.hpp>
#include <opencv2/mcc.hpp>
#include <opencv2/mcc/ccm.hpp>

#include <algorithm>

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

// Spearman rank correlation of measured and reference luminance over the usable patches. A chart
// read in the wrong place or turned the wrong way has its whites where the blacks should be.
double luminanceRankAgreement(const ColourChart& chart) {
    std::vector<double> measured, reference;
    for (size_t i = 0; i < chart.measured.size(); ++i) {
        if (!chart.usable[i]) continue;
        auto y = [](const cv::Vec3d& c) { return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]; };
        measured.push_back(y(chart.measured[i]));
        reference.push_back(y(chart.reference[i]));
    }
    auto ranks = [](const std::vector<double>& v) {
        std::vector<int> order(v.size());
        for (size_t i = 0; i < v.size(); ++i) order[i] = static_cast<int>(i);
        std::sort(order.begin(), order.end(), [&](int a, int b) { return v[a] < v[b]; });
        std::vector<double> r(v.size());
        for (size_t i = 0; i < order.size(); ++i) r[order[i]] = static_cast<double>(i);
        return r;
    };
    const auto a = ranks(measured), b = ranks(reference);
    const double n = static_cast<double>(a.size());
    if (n < 3) return 0;
    double d2 = 0;
    for (size_t i = 0; i < a.size(); ++i) d2 += (a[i] - b[i]) * (a[i] - b[i]);
    return 1 - 6 * d2 / (n * (n * n - 1));
}

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
            // mcc can lock onto the wrong cells (a clipped or partly cut chart); a calibration
            // from misread patches would be silently wrong, so check the patches agree with the chart.
            const double agreement = luminanceRankAgreement(*chart);
            if (agreement < 0.8)
                throw InputError(file + ": found something like a " + std::string(chartKindName(k)) +
                                 " but its patches do not match the chart (light and dark patches agree only " +
                                 std::to_string(static_cast<int>(agreement * 100)) +
                                 " %); make sure the whole chart is in the frame, not clipped, and shoot it again; "
                                 "the previous colour calibration is kept");
            return *chart;
        }
    }
    throw InputError(file + ": no colour chart found (looked for " +
                     std::string(kind ? chartKindName(*kind) : "a ColorChecker 24 or Digital SG") +
                     "). Fill at least a quarter of the frame with the chart, square to the camera, evenly lit "
                     "and without glare; the previous colour calibration is kept");
}

}  // namespace facet
