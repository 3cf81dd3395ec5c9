#include "scene_fixtures.hpp"

#include <cmath>
#include <map>
#include <mutex>

namespace facet::test {

const scenes::Scene& defaultScene(scenes::Piece piece) {
    static std::map<scenes::Piece, scenes::Scene> cache;
    static std::mutex m;
    std::lock_guard<std::mutex> lock(m);
    auto it = cache.find(piece);
    if (it == cache.end()) {
        scenes::SceneOptions o;
        o.piece = piece;
        o.seed = 3;
        o.backlit = true;
        it = cache.emplace(piece, scenes::renderScene(o)).first;
    }
    return it->second;
}

cv::Mat noiseStd(const cv::Mat& clean, const scenes::SceneOptions& o, int frames) {
    cv::Mat s(clean.size(), CV_32FC3);
    clean.forEach<cv::Vec3f>([&](const cv::Vec3f& v, const int* p) {
        cv::Vec3f& out = s.at<cv::Vec3f>(p[0], p[1]);
        for (int c = 0; c < 3; ++c)
            out[c] = float(std::sqrt((std::max(0.0f, v[c]) / o.fullWellElectrons + o.readNoise * o.readNoise) / frames));
    });
    return s;
}

cv::Mat composite(const cv::Mat& alpha, const cv::Mat& foreground, const cv::Mat& background) {
    cv::Mat a3, out;
    cv::Mat ch[] = {alpha, alpha, alpha};
    cv::merge(ch, 3, a3);
    out = a3.mul(foreground) + (cv::Scalar::all(1) - a3).mul(background);
    return out;
}

Residual normalisedResidual(const cv::Mat& measured, const cv::Mat& expected, const cv::Mat& sigma, const cv::Mat& mask) {
    double sum = 0, sum2 = 0;
    int n = 0;
    for (int y = 0; y < measured.rows; ++y)
        for (int x = 0; x < measured.cols; ++x) {
            if (!mask.at<uint8_t>(y, x)) continue;
            const cv::Vec3f m = measured.at<cv::Vec3f>(y, x), e = expected.at<cv::Vec3f>(y, x),
                            s = sigma.at<cv::Vec3f>(y, x);
            for (int c = 0; c < 3; ++c) {
                const double r = (m[c] - e[c]) / s[c];
                sum += r;
                sum2 += r * r;
                ++n;
            }
        }
    Residual r;
    r.pixels = n / 3;
    if (n == 0) return r;
    r.mean = sum / n;
    r.std = std::sqrt(std::max(0.0, sum2 / n - r.mean * r.mean));
    return r;
}

}  // namespace facet::test
