#include "pipeline/clipping_path.hpp"

#include "pipeline/image.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace facet {

namespace {

using Vec = cv::Point2d;

double dot(Vec a, Vec b) { return a.x * b.x + a.y * b.y; }
double norm(Vec a) { return std::sqrt(dot(a, a)); }
Vec unit(Vec a) {
    const double n = norm(a);
    return n > 1e-12 ? a * (1.0 / n) : Vec(0, 0);
}

// ---- the contour, to sub-pixel precision ---------------------------------------------------

float sampleBilinear(const cv::Mat& a, double x, double y) {
    x = std::clamp(x, 0.0, a.cols - 1.0);
    y = std::clamp(y, 0.0, a.rows - 1.0);
    const int x0 = std::min(int(x), a.cols - 2 < 0 ? 0 : a.cols - 2), y0 = std::min(int(y), a.rows - 2 < 0 ? 0 : a.rows - 2);
    const int x1 = std::min(x0 + 1, a.cols - 1), y1 = std::min(y0 + 1, a.rows - 1);
    const double fx = x - x0, fy = y - y0;
    const float* r0 = a.ptr<float>(y0);
    const float* r1 = a.ptr<float>(y1);
    return float((r0[x0] * (1 - fx) + r0[x1] * fx) * (1 - fy) + (r1[x0] * (1 - fx) + r1[x1] * fx) * fy);
}

// Moves each boundary pixel (inside the matte) along the contour's normal to where alpha
// crosses `level`: a hard matte's edge lies between pixels, a soft one where it is half on.
std::vector<Vec> subPixelContour(const std::vector<cv::Point>& pixels, const cv::Mat& alpha, double level) {
    const int n = int(pixels.size());
    std::vector<Vec> tangents(n), normals(n);
    // Normals from neighbours 4 steps away: the pixel chain's own steps are 45-degree jumps.
    const int k = std::max(1, std::min(4, n / 4));
    for (int i = 0; i < n; ++i) {
        const cv::Point a = pixels[(i - k + n) % n], b = pixels[(i + k) % n];
        tangents[i] = unit(Vec(b - a));
        normals[i] = Vec(-tangents[i].y, tangents[i].x);
    }
    // Which side the matte falls off to is fixed for the whole contour (outer contours and
    // holes are traced in opposite directions): decide it by majority.
    double votes = 0;
    for (int i = 0; i < n; ++i) {
        const Vec p(pixels[i]);
        votes += sampleBilinear(alpha, p.x + 0.75 * normals[i].x, p.y + 0.75 * normals[i].y) -
                 sampleBilinear(alpha, p.x - 0.75 * normals[i].x, p.y - 0.75 * normals[i].y);
    }
    const double side = votes > 0 ? -1.0 : 1.0;

    std::vector<Vec> out;
    out.reserve(n);
    for (int i = 0; i < n; ++i) {
        const Vec p(pixels[i]);
        const Vec d = normals[i] * side;  // towards lower alpha
        Vec found = p + d * 0.5;
        double prevT = -0.5;
        double prevV = sampleBilinear(alpha, p.x + prevT * d.x, p.y + prevT * d.y) - level;
        for (double t = -0.4; t <= 1.51; t += 0.1) {
            const double v = sampleBilinear(alpha, p.x + t * d.x, p.y + t * d.y) - level;
            if (prevV >= 0 && v < 0) {
                const double f = prevV / (prevV - v);
                found = p + d * (prevT + f * (t - prevT));
                break;
            }
            prevT = t;
            prevV = v;
        }
        // Pixel centres are at +0.5 in path coordinates.
        found += Vec(0.5, 0.5);
        if (out.empty() || norm(found - out.back()) > 1e-3) out.push_back(found);
    }
    while (out.size() > 1 && norm(out.front() - out.back()) <= 1e-3) out.pop_back();
    return out;
}

// ---- cubic Bezier fit (after Schneider, "An algorithm for automatically fitting digitized
// curves", Graphics Gems 1990): least-squares handles along given end tangents, Newton
// re-parameterisation, and a split at the worst point until every point is within tolerance.

struct Cubic {
    Vec p[4];
    Vec at(double t) const {
        const double s = 1 - t;
        return p[0] * (s * s * s) + p[1] * (3 * s * s * t) + p[2] * (3 * s * t * t) + p[3] * (t * t * t);
    }
    Vec d1(double t) const {
        const double s = 1 - t;
        return (p[1] - p[0]) * (3 * s * s) + (p[2] - p[1]) * (6 * s * t) + (p[3] - p[2]) * (3 * t * t);
    }
    Vec d2(double t) const {
        return (p[2] - p[1] * 2 + p[0]) * (6 * (1 - t)) + (p[3] - p[2] * 2 + p[1]) * (6 * t);
    }
};

class CurveFitter {
public:
    CurveFitter(const std::vector<Vec>& closedPoints, double tolerance)
        : pts_(closedPoints), n_(int(closedPoints.size())), tol2_(tolerance * tolerance) {}

    // Point i of the unrolled contour (indices past the end wrap around).
    Vec point(int i) const { return pts_[((i % n_) + n_) % n_]; }

    // Direction of travel at point i, from its neighbours either side.
    Vec tangent(int i) const {
        const int k = std::max(1, std::min(3, n_ / 8));
        Vec t = unit(point(i + k) - point(i - k));
        if (norm(t) == 0) t = unit(point(i + 1) - point(i));
        return t;
    }

    std::vector<Cubic> fitClosed() {
        std::vector<Cubic> out;
        const int pieces = n_ >= 16 ? 4 : 1;
        for (int s = 0; s < pieces; ++s) {
            const int a = s * n_ / pieces, b = (s + 1) * n_ / pieces;
            fit(a, b, tangent(a), -tangent(b), out, 0);
        }
        return out;
    }

private:
    void fit(int first, int last, Vec t1, Vec t2, std::vector<Cubic>& out, int depth) {
        const Vec p0 = point(first), p3 = point(last);
        if (last - first <= 1 || depth > 40) {
            const double d = norm(p3 - p0) / 3;
            out.push_back({{p0, p0 + t1 * d, p3 + t2 * d, p3}});
            return;
        }
        std::vector<double> u = chordLengths(first, last);
        Cubic c = handles(first, last, u, t1, t2);
        int split = 0;
        double err = worstError(first, last, c, u, split);
        if (err <= tol2_) {
            out.push_back(c);
            return;
        }
        if (err < tol2_ * 16) {
            for (int iter = 0; iter < 6; ++iter) {
                reparameterise(first, last, c, u);
                c = handles(first, last, u, t1, t2);
                err = worstError(first, last, c, u, split);
                if (err <= tol2_) {
                    out.push_back(c);
                    return;
                }
            }
        }
        const Vec tc = tangent(split);
        fit(first, split, t1, -tc, out, depth + 1);
        fit(split, last, tc, t2, out, depth + 1);
    }

    std::vector<double> chordLengths(int first, int last) const {
        std::vector<double> u(last - first + 1, 0.0);
        for (int i = first + 1; i <= last; ++i) u[i - first] = u[i - first - 1] + norm(point(i) - point(i - 1));
        const double total = u.back() > 0 ? u.back() : 1;
        for (double& v : u) v /= total;
        return u;
    }

    Cubic handles(int first, int last, const std::vector<double>& u, Vec t1, Vec t2) const {
        const Vec p0 = point(first), p3 = point(last);
        double c00 = 0, c01 = 0, c11 = 0, x0 = 0, x1 = 0;
        for (int i = first; i <= last; ++i) {
            const double t = u[i - first], s = 1 - t;
            const double b0 = s * s * s, b1 = 3 * s * s * t, b2 = 3 * s * t * t, b3 = t * t * t;
            const Vec a0 = t1 * b1, a1 = t2 * b2;
            c00 += dot(a0, a0);
            c01 += dot(a0, a1);
            c11 += dot(a1, a1);
            const Vec rest = point(i) - (p0 * (b0 + b1) + p3 * (b2 + b3));
            x0 += dot(a0, rest);
            x1 += dot(a1, rest);
        }
        const double det = c00 * c11 - c01 * c01;
        const double chord = norm(p3 - p0);
        double al = 0, ar = 0;
        if (std::abs(det) > 1e-12) {
            al = (x0 * c11 - x1 * c01) / det;
            ar = (c00 * x1 - c01 * x0) / det;
        }
        // Degenerate or backwards handles: fall back to a third of the chord (Schneider's
        // heuristic), which keeps the curve well-behaved.
        const double eps = 1e-6 * chord;
        if (al < eps || ar < eps || al > 2 * chord + 2 || ar > 2 * chord + 2) al = ar = chord / 3;
        return {{p0, p0 + t1 * al, p3 + t2 * ar, p3}};
    }

    double worstError(int first, int last, const Cubic& c, const std::vector<double>& u, int& split) const {
        double worst = 0;
        split = (first + last) / 2;
        for (int i = first + 1; i < last; ++i) {
            const Vec d = c.at(u[i - first]) - point(i);
            const double e = dot(d, d);
            if (e >= worst) {
                worst = e;
                split = i;
            }
        }
        return worst;
    }

    void reparameterise(int first, int last, const Cubic& c, std::vector<double>& u) const {
        for (int i = first + 1; i < last; ++i) {
            double& t = u[i - first];
            const Vec d = c.at(t) - point(i), q1 = c.d1(t), q2 = c.d2(t);
            const double den = dot(q1, q1) + dot(d, q2);
            if (std::abs(den) > 1e-12) t = std::clamp(t - dot(d, q1) / den, 0.0, 1.0);
        }
    }

    const std::vector<Vec>& pts_;
    int n_;
    double tol2_;
};

PathContour toKnots(const std::vector<Cubic>& curves, bool hole) {
    PathContour c;
    c.hole = hole;
    const int m = int(curves.size());
    for (int i = 0; i < m; ++i) {
        PathKnot k;
        k.anchor = curves[i].p[0];
        k.after = curves[i].p[1];
        k.before = curves[(i - 1 + m) % m].p[2];
        const Vec a = k.after - k.anchor, b = k.anchor - k.before;
        k.smooth = norm(a) > 1e-9 && norm(b) > 1e-9 && std::abs(a.x * b.y - a.y * b.x) <= 1e-6 * norm(a) * norm(b) &&
                   dot(a, b) > 0;
        c.knots.push_back(k);
    }
    return c;
}

struct TracedContour {
    std::vector<Vec> points;
    bool hole;
};

std::vector<TracedContour> traceContours(const cv::Mat& alpha, const ClippingPathOptions& o) {
    CV_Assert(isAlpha(alpha));
    CV_Assert(o.tolerancePx > 0 && o.alphaLevel > 0 && o.alphaLevel < 1);
    cv::Mat inside = alpha >= o.alphaLevel;
    // A one-pixel frame of "outside" so pieces touching the image edge still get a closed
    // contour (findContours ignores the outermost pixel row and column).
    cv::Mat framed;
    cv::copyMakeBorder(inside, framed, 1, 1, 1, 1, cv::BORDER_CONSTANT, 0);
    std::vector<std::vector<cv::Point>> contours;
    std::vector<cv::Vec4i> hierarchy;
    cv::findContours(framed, contours, hierarchy, cv::RETR_CCOMP, cv::CHAIN_APPROX_NONE, cv::Point(-1, -1));

    std::vector<TracedContour> out;
    auto add = [&](int i, bool hole) {
        if (std::abs(cv::contourArea(contours[i])) + 0.5 * contours[i].size() < o.minAreaPx) return;
        std::vector<Vec> pts = subPixelContour(contours[i], alpha, o.alphaLevel);
        if (pts.size() >= 3) out.push_back({std::move(pts), hole});
    };
    // Each outer perimeter, followed by its holes.
    for (int i = 0; i < int(contours.size()); ++i) {
        if (hierarchy[i][3] >= 0) continue;
        const size_t before = out.size();
        add(i, false);
        if (out.size() == before) continue;
        for (int h = hierarchy[i][2]; h >= 0; h = hierarchy[h][0]) add(h, true);
    }
    return out;
}

}  // namespace

std::vector<std::vector<cv::Point2d>> traceAlphaContours(const cv::Mat& alpha, const ClippingPathOptions& options) {
    std::vector<std::vector<cv::Point2d>> out;
    for (auto& c : traceContours(alpha, options)) out.push_back(std::move(c.points));
    return out;
}

namespace {

// The contour with its sub-pixel noise (sensor noise in the matte's edge) evened out by a
// short moving average; `moved` is how far any point moved, which the fit must leave room for.
std::vector<Vec> smoothed(const std::vector<Vec>& pts, double& moved) {
    const int n = int(pts.size());
    std::vector<Vec> out(n);
    moved = 0;
    if (n < 8) {
        out = pts;
        return out;
    }
    const double w[5] = {1, 2, 3, 2, 1};
    for (int i = 0; i < n; ++i) {
        Vec sum(0, 0);
        for (int j = -2; j <= 2; ++j) sum += pts[(i + j + n) % n] * w[j + 2];
        out[i] = sum * (1.0 / 9);
        moved = std::max(moved, norm(out[i] - pts[i]));
    }
    return out;
}

}  // namespace

ClippingPath traceClippingPath(const cv::Mat& alpha, const ClippingPathOptions& options) {
    ClippingPath path;
    path.imageSize = alpha.size();
    for (const TracedContour& c : traceContours(alpha, options)) {
        // Fit the evened-out contour when that leaves at least half the tolerance, so the
        // curves stay within the tolerance of the contour itself; else the contour as traced.
        double moved = 0;
        std::vector<Vec> even = smoothed(c.points, moved);
        const bool useEven = moved <= options.tolerancePx / 2;
        CurveFitter fitter(useEven ? even : c.points, useEven ? options.tolerancePx - moved : options.tolerancePx);
        path.contours.push_back(toKnots(fitter.fitClosed(), c.hole));
    }
    return path;
}

std::vector<cv::Point2d> flattenContour(const PathContour& contour, int perCurve) {
    std::vector<cv::Point2d> out;
    const int m = int(contour.knots.size());
    for (int i = 0; i < m; ++i) {
        const PathKnot& a = contour.knots[i];
        const PathKnot& b = contour.knots[(i + 1) % m];
        Cubic c{{a.anchor, a.after, b.before, b.anchor}};
        for (int s = 0; s < perCurve; ++s) out.push_back(c.at(double(s) / perCurve));
    }
    return out;
}

double largestDistanceTo(const std::vector<cv::Point2d>& points, const std::vector<cv::Point2d>& polyline) {
    double worst = 0;
    const int m = int(polyline.size());
    for (const Vec& p : points) {
        double best = 1e300;
        for (int i = 0; i < m; ++i) {
            const Vec a = polyline[i], b = polyline[(i + 1) % m];
            const Vec ab = b - a;
            const double len2 = dot(ab, ab);
            const double t = len2 > 0 ? std::clamp(dot(p - a, ab) / len2, 0.0, 1.0) : 0.0;
            const Vec d = a + ab * t - p;
            best = std::min(best, dot(d, d));
        }
        worst = std::max(worst, std::sqrt(best));
    }
    return worst;
}

}  // namespace facet
