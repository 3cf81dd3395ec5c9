#include "pipeline/checks/check_result.hpp"

#include <cstdio>

#include <algorithm>
#include <cmath>

namespace facet::checks {

const char* verdictName(Verdict v) {
    switch (v) {
        case Verdict::Ok: return "ok";
        case Verdict::Warn: return "warn";
        case Verdict::Fail: return "fail";
    }
    return "ok";
}

Verdict worstVerdict(const std::vector<Finding>& findings) {
    Verdict v = Verdict::Ok;
    for (const auto& f : findings) v = worse(v, f.verdict);
    return v;
}

std::string joinMessages(const std::vector<Finding>& findings, const std::string& whenAllOk) {
    std::vector<const Finding*> bad;
    for (const auto& f : findings)
        if (f.verdict != Verdict::Ok) bad.push_back(&f);
    if (bad.empty()) return whenAllOk;
    std::stable_sort(bad.begin(), bad.end(), [](const Finding* a, const Finding* b) { return a->verdict > b->verdict; });
    std::string out;
    for (const Finding* f : bad) {
        if (!out.empty()) out += " ";
        out += f->message;
    }
    return out;
}

// Image y grows downwards; the photographer's "top" is the top of the frame.
static double clockAngleDegrees(cv::Point2d d) {
    double a = std::atan2(d.x, -d.y) * 180.0 / CV_PI;  // 0 = up, 90 = right
    return a < 0 ? a + 360.0 : a;
}

int clockPosition(cv::Point2d d) {
    int hour = static_cast<int>(std::lround(clockAngleDegrees(d) / 30.0)) % 12;
    return hour == 0 ? 12 : hour;
}

std::string sideName(cv::Point2d d) {
    static const char* names[8] = {"top", "top-right", "right", "bottom-right",
                                   "bottom", "bottom-left", "left", "top-left"};
    const int sector = static_cast<int>(std::lround(clockAngleDegrees(d) / 45.0)) % 8;
    return names[sector];
}

std::string formatNumber(const char* format, double value) {
    char buf[96];
    std::snprintf(buf, sizeof buf, format, value);
    return buf;
}

}  // namespace facet::checks
