#include "pipeline/checks/colour_difference.hpp"

#include <cmath>

namespace facet::checks {

namespace {
double labF(double t) {
    constexpr double e = 216.0 / 24389.0, k = 24389.0 / 27.0;
    return t > e ? std::cbrt(t) : (k * t + 16.0) / 116.0;
}
double deg(double rad) { return rad * 180.0 / CV_PI; }
double rad(double deg) { return deg * CV_PI / 180.0; }
}  // namespace

double lightnessOf(double y) { return 116.0 * labF(y) - 16.0; }

cv::Vec3d linearBgrToLab(const cv::Vec3d& bgr) {
    const double b = bgr[0], g = bgr[1], r = bgr[2];
    const double X = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
    const double Y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
    const double Z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b;
    const double fx = labF(X / 0.95047), fy = labF(Y), fz = labF(Z / 1.08883);
    return {116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)};
}

double deltaE2000(const cv::Vec3d& lab1, const cv::Vec3d& lab2) {
    const double L1 = lab1[0], a1 = lab1[1], b1 = lab1[2];
    const double L2 = lab2[0], a2 = lab2[1], b2 = lab2[2];
    const double C1 = std::hypot(a1, b1), C2 = std::hypot(a2, b2);
    const double Cbar = (C1 + C2) / 2.0;
    const double Cbar7 = std::pow(Cbar, 7.0);
    const double G = 0.5 * (1.0 - std::sqrt(Cbar7 / (Cbar7 + std::pow(25.0, 7.0))));
    const double a1p = (1.0 + G) * a1, a2p = (1.0 + G) * a2;
    const double C1p = std::hypot(a1p, b1), C2p = std::hypot(a2p, b2);
    auto hueAngle = [](double b, double a) {
        if (a == 0 && b == 0) return 0.0;
        double h = deg(std::atan2(b, a));
        return h < 0 ? h + 360.0 : h;
    };
    const double h1p = hueAngle(b1, a1p), h2p = hueAngle(b2, a2p);
    const double dLp = L2 - L1, dCp = C2p - C1p;
    double dhp = 0;
    if (C1p * C2p != 0) {
        dhp = h2p - h1p;
        if (dhp > 180) dhp -= 360;
        else if (dhp < -180) dhp += 360;
    }
    const double dHp = 2.0 * std::sqrt(C1p * C2p) * std::sin(rad(dhp / 2.0));
    const double Lbarp = (L1 + L2) / 2.0, Cbarp = (C1p + C2p) / 2.0;
    double hbarp = h1p + h2p;
    if (C1p * C2p != 0) {
        if (std::abs(h1p - h2p) <= 180) hbarp = (h1p + h2p) / 2.0;
        else hbarp = (h1p + h2p < 360) ? (h1p + h2p + 360) / 2.0 : (h1p + h2p - 360) / 2.0;
    }
    const double T = 1 - 0.17 * std::cos(rad(hbarp - 30)) + 0.24 * std::cos(rad(2 * hbarp)) +
                     0.32 * std::cos(rad(3 * hbarp + 6)) - 0.20 * std::cos(rad(4 * hbarp - 63));
    const double dTheta = 30.0 * std::exp(-std::pow((hbarp - 275.0) / 25.0, 2.0));
    const double Cbarp7 = std::pow(Cbarp, 7.0);
    const double Rc = 2.0 * std::sqrt(Cbarp7 / (Cbarp7 + std::pow(25.0, 7.0)));
    const double Lm = (Lbarp - 50) * (Lbarp - 50);
    const double Sl = 1 + 0.015 * Lm / std::sqrt(20 + Lm);
    const double Sc = 1 + 0.045 * Cbarp, Sh = 1 + 0.015 * Cbarp * T;
    const double Rt = -std::sin(rad(2 * dTheta)) * Rc;
    const double l = dLp / Sl, c = dCp / Sc, h = dHp / Sh;
    return std::sqrt(l * l + c * c + h * h + Rt * c * h);
}

std::string hueName(double a, double b) {
    double h = deg(std::atan2(b, a));
    if (h < 0) h += 360;
    if (h < 35 || h >= 345) return "red";
    if (h < 70) return "orange";
    if (h < 105) return "yellow";
    if (h < 165) return "green";
    if (h < 220) return "cyan";
    if (h < 290) return "blue";
    if (h < 320) return "purple";
    return "magenta";
}

}  // namespace facet::checks
