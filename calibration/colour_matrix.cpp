#include "calibration/colour_matrix.hpp"

#include "pipeline/errors.hpp"

#include <cmath>

namespace facet {

cv::Vec3d ColourMatrix::apply(const cv::Vec3d& c) const {
    return cv::Vec3d(m(0, 0) * c[0] + m(0, 1) * c[1] + m(0, 2) * c[2] + m(0, 3),
                     m(1, 0) * c[0] + m(1, 1) * c[1] + m(1, 2) * c[2] + m(1, 3),
                     m(2, 0) * c[0] + m(2, 1) * c[1] + m(2, 2) * c[2] + m(2, 3));
}

cv::Mat ColourMatrix::apply(const cv::Mat& linearBgr) const {
    CV_Assert(linearBgr.type() == CV_32FC3);
    // The same matrix with rows and columns in B, G, R order, for cv::transform.
    cv::Matx34f bgr;
    const int order[3] = {2, 1, 0};
    for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < 3; ++c) bgr(r, c) = static_cast<float>(m(order[r], order[c]));
        bgr(r, 3) = static_cast<float>(m(order[r], 3));
    }
    cv::Mat out;
    cv::transform(linearBgr, out, bgr);
    return out;
}

cv::Vec3d linearSrgbToLab(const cv::Vec3d& c) {
    // sRGB primaries to XYZ (D65), then CIE Lab against the D65 white.
    const double X = 0.4124564 * c[0] + 0.3575761 * c[1] + 0.1804375 * c[2];
    const double Y = 0.2126729 * c[0] + 0.7151522 * c[1] + 0.0721750 * c[2];
    const double Z = 0.0193339 * c[0] + 0.1191920 * c[1] + 0.9503041 * c[2];
    auto f = [](double t) { return t > 216.0 / 24389 ? std::cbrt(t) : (24389.0 / 27 * t + 16) / 116; };
    const double fx = f(X / 0.95047), fy = f(Y / 1.0), fz = f(Z / 1.08883);
    return cv::Vec3d(116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz));
}

double deltaE76(const cv::Vec3d& a, const cv::Vec3d& b) { return cv::norm(linearSrgbToLab(a) - linearSrgbToLab(b)); }

ColourMatrix fitColourMatrix(const std::vector<cv::Vec3d>& measured, const std::vector<cv::Vec3d>& reference,
                             const std::vector<bool>& usable, bool withOffset) {
    CV_Assert(measured.size() == reference.size() && usable.size() == measured.size());
    std::vector<int> used;
    for (size_t i = 0; i < measured.size(); ++i)
        if (usable[i]) used.push_back(static_cast<int>(i));
    const int unknowns = withOffset ? 4 : 3;
    const int needed = withOffset ? 8 : 6;
    if (static_cast<int>(used.size()) < needed)
        throw InputError("only " + std::to_string(used.size()) + " usable chart patches; a " +
                         std::string(withOffset ? "3x4" : "3x3") + " colour matrix needs at least " +
                         std::to_string(needed));

    cv::Mat A(static_cast<int>(used.size()), unknowns, CV_64F), B(static_cast<int>(used.size()), 3, CV_64F);
    for (int r = 0; r < static_cast<int>(used.size()); ++r) {
        for (int c = 0; c < 3; ++c) {
            A.at<double>(r, c) = measured[used[r]][c];
            B.at<double>(r, c) = reference[used[r]][c];
        }
        if (withOffset) A.at<double>(r, 3) = 1.0;
    }
    cv::Mat X;
    cv::solve(A, B, X, cv::DECOMP_SVD);   // X: unknowns x 3, least squares

    ColourMatrix result;
    result.withOffset = withOffset;
    result.m = cv::Matx34d::zeros();
    for (int out = 0; out < 3; ++out)
        for (int in = 0; in < unknowns; ++in) result.m(out, in) = X.at<double>(in, out);
    result.patchesUsed = static_cast<int>(used.size());

    // Before: the camera's values with only an exposure match (so the number is about colour).
    double sumRef = 0, sumMeas = 0;
    for (int i : used) {
        sumRef += reference[i][1];
        sumMeas += measured[i][1];
    }
    const double gain = sumMeas > 0 ? sumRef / sumMeas : 1;
    double before = 0, after = 0;
    for (int i : used) {
        before += deltaE76(measured[i] * gain, reference[i]);
        const double e = deltaE76(result.apply(measured[i]), reference[i]);
        after += e;
        result.maxDeltaE = std::max(result.maxDeltaE, e);
    }
    result.meanDeltaE = after / used.size();
    result.meanDeltaEBefore = before / used.size();
    return result;
}

}  // namespace facet
