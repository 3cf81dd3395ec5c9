#pragma once
// What every check hands back: a verdict, a score in named units, a message a photographer can
// act on (what is wrong, where, what to do) and something to draw over the live view.
#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace facet::checks {

enum class Verdict { Ok = 0, Warn = 1, Fail = 2 };

const char* verdictName(Verdict v);  // "ok", "warn", "fail"
inline Verdict worse(Verdict a, Verdict b) { return a > b ? a : b; }

// One thing a check found (a check may find several: blown metal AND an uneven background).
struct Finding {
    Verdict verdict = Verdict::Ok;
    std::string what;     // short key: "blown-metal", "uneven-background", ...
    std::string message;  // the sentence for the photographer
};

// Folds findings into a verdict and a message: the worst finding speaks first.
Verdict worstVerdict(const std::vector<Finding>& findings);
std::string joinMessages(const std::vector<Finding>& findings, const std::string& whenAllOk);

// Where a point lies relative to a centre, in the words a photographer uses at the set:
// "left", "top-right", ... and the clock position (12 = top, 3 = right).
std::string sideName(cv::Point2d offsetFromCentre);
int clockPosition(cv::Point2d offsetFromCentre);

// One number formatted for a message, printf-style: formatNumber("%.1f", 2.04) == "2.0".
std::string formatNumber(const char* format, double value);

}  // namespace facet::checks
