#include "calibration/flat_field.hpp"

#include "calibration/calibration_files.hpp"
#include "pipeline/errors.hpp"
#include "pipeline/image.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace facet {

namespace {

// The monomials x^i y^j with i + j <= degree, x and y in [-1, 1].
int termCount(int degree) { return (degree + 1) * (degree + 2) / 2; }

void monomials(double x, double y, int degree, double* out) {
    int k = 0;
    double xp = 1;
    for (int i = 0; i <= degree; ++i, xp *= x) {
        double yp = 1;
        for (int j = 0; i + j <= degree; ++j, yp *= y) out[k++] = xp * yp;
    }
}

// Fits one channel of the reduced plate; returns coefficients.
cv::Mat fitChannel(const cv::Mat& samples, int degree, double rejectSigmas) {
    const int terms = termCount(degree);
    std::vector<cv::Point> points;
    for (int y = 0; y < samples.rows; ++y)
        for (int x = 0; x < samples.cols; ++x) points.emplace_back(x, y);
    std::vector<bool> keep(points.size(), true);
    cv::Mat coeffs;
    std::vector<double> row(terms);
    for (int pass = 0; pass < 3; ++pass) {
        int n = static_cast<int>(std::count(keep.begin(), keep.end(), true));
        cv::Mat A(n, terms, CV_64F), b(n, 1, CV_64F);
        int r = 0;
        for (size_t i = 0; i < points.size(); ++i) {
            if (!keep[i]) continue;
            const double nx = 2.0 * (points[i].x + 0.5) / samples.cols - 1;
            const double ny = 2.0 * (points[i].y + 0.5) / samples.rows - 1;
            monomials(nx, ny, degree, A.ptr<double>(r));
            b.at<double>(r) = samples.at<float>(points[i]);
            ++r;
        }
        cv::solve(A, b, coeffs, cv::DECOMP_SVD);
        // Residuals of every sample; drop those far from the surface (robust sigma from the MAD).
        std::vector<double> residual(points.size()), absKept;
        for (size_t i = 0; i < points.size(); ++i) {
            const double nx = 2.0 * (points[i].x + 0.5) / samples.cols - 1;
            const double ny = 2.0 * (points[i].y + 0.5) / samples.rows - 1;
            monomials(nx, ny, degree, row.data());
            double v = 0;
            for (int t = 0; t < terms; ++t) v += row[t] * coeffs.at<double>(t);
            residual[i] = samples.at<float>(points[i]) - v;
            if (keep[i]) absKept.push_back(std::abs(residual[i]));
        }
        std::nth_element(absKept.begin(), absKept.begin() + absKept.size() / 2, absKept.end());
        const double sigma = std::max(1.4826 * absKept[absKept.size() / 2], 1e-7);
        bool changed = false;
        for (size_t i = 0; i < points.size(); ++i) {
            const bool k = std::abs(residual[i]) <= rejectSigmas * sigma;
            changed |= k != keep[i];
            keep[i] = k;
        }
        if (!changed || std::count(keep.begin(), keep.end(), true) < terms * 3) break;
    }
    return coeffs;
}

}  // namespace

FlatField fitFlatField(const cv::Mat& plate, const FlatFieldOptions& options) {
    CV_Assert(isLinearColour(plate));
    CV_Assert(options.degree >= 0 && options.degree <= 8 && options.sampleGridPx >= 8);
    const double mean = cv::mean(luminance(plate))[0];
    if (!(mean > 1e-4)) throw InputError("the plate is black: a flat field needs light on the set");

    const double scale = static_cast<double>(options.sampleGridPx) / std::max(plate.cols, plate.rows);
    cv::Mat small;
    cv::resize(plate, small, cv::Size(std::max(8, int(std::lround(plate.cols * scale))),
                                      std::max(8, int(std::lround(plate.rows * scale)))),
               0, 0, cv::INTER_AREA);
    std::vector<cv::Mat> channels;
    cv::split(small, channels);
    std::vector<cv::Mat> coeffs;
    for (const auto& c : channels) coeffs.push_back(fitChannel(c, options.degree, options.rejectSigmas));

    // Evaluate on a grid a quarter of the plate's size (the surface is smooth), then scale up.
    const cv::Size evalSize(std::max(8, plate.cols / 4), std::max(8, plate.rows / 4));
    const int terms = termCount(options.degree);
    std::vector<double> row(terms);
    cv::Mat surface(evalSize, CV_32FC3);
    for (int y = 0; y < evalSize.height; ++y) {
        const double ny = 2.0 * (y + 0.5) / evalSize.height - 1;
        for (int x = 0; x < evalSize.width; ++x) {
            const double nx = 2.0 * (x + 0.5) / evalSize.width - 1;
            monomials(nx, ny, options.degree, row.data());
            cv::Vec3f v;
            for (int c = 0; c < 3; ++c) {
                double s = 0;
                for (int t = 0; t < terms; ++t) s += row[t] * coeffs[c].at<double>(t);
                v[c] = static_cast<float>(std::max(s, 1e-6));
            }
            surface.at<cv::Vec3f>(y, x) = v;
        }
    }
    FlatField flat;
    cv::resize(surface, flat.falloff, plate.size(), 0, 0, cv::INTER_LINEAR);
    cv::Mat luma = luminance(flat.falloff);
    double minL, maxL;
    cv::minMaxLoc(luma, &minL, &maxL, nullptr, &flat.brightest);
    flat.falloff /= maxL;
    flat.evennessStops = std::log2(maxL / std::max(minL, 1e-9));
    const int w = luma.cols - 1, h = luma.rows - 1;
    const double corners = (luma.at<float>(0, 0) + luma.at<float>(0, w) + luma.at<float>(h, 0) + luma.at<float>(h, w)) / 4;
    flat.centreToCornerStops = std::log2(luma.at<float>(h / 2, w / 2) / std::max(corners, 1e-9));
    return flat;
}

cv::Mat correctFlatField(const cv::Mat& linearBgr, const FlatField& flat) {
    CV_Assert(isLinearColour(linearBgr) && linearBgr.size() == flat.falloff.size());
    cv::Mat out;
    cv::divide(linearBgr, flat.falloff, out);
    return out;
}

void saveFlatField(const std::string& sidecarPath, const FlatField& flat, const std::string& madeFrom) {
    nlohmann::json sidecar = calibrationRecord("flat", madeFrom,
                                               {{"width", flat.falloff.cols},
                                                {"height", flat.falloff.rows},
                                                {"evenness_stops", flat.evennessStops},
                                                {"centre_to_corner_stops", flat.centreToCornerStops},
                                                {"brightest", {flat.brightest.x, flat.brightest.y}},
                                                {"format", "32-bit float TIFF, relative light level, 1 = brightest"}});
    commitCalibration(sidecarPath, {{"falloff", flat.falloff}}, sidecar);
}

FlatField loadFlatField(const std::string& sidecarPath) {
    auto sidecar = readCalibrationSidecar(sidecarPath, "flat");
    FlatField flat;
    flat.falloff = readCalibrationImage(sidecarPath, sidecar, "falloff");
    if (flat.falloff.type() != CV_32FC3) throw InputError(sidecarPath + ": its falloff image is not 3-channel float");
    flat.evennessStops = sidecar.value("evenness_stops", 0.0);
    flat.centreToCornerStops = sidecar.value("centre_to_corner_stops", 0.0);
    return flat;
}

}  // namespace facet
