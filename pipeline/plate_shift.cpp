#include "pipeline/plate_shift.hpp"

#include <opencv2/core/hal/intrin.hpp>

#include <algorithm>
#include <array>
#include <vector>

namespace facet {

namespace {

// OpenCV's fixed-point coordinates: 10 fractional bits, rounded to 1/32 px (INTER_BITS = 5).
constexpr int kAbBits = 10, kInterBits = 5, kTabSize = 1 << kInterBits;
constexpr int kRoundDelta = (1 << kAbBits) / kTabSize / 2;

// OpenCV's interpolateCubic (A = -0.75) at the quantised fraction i / 32, in float as it does.
std::array<float, 4> cubicWeights(int i) {
    const float x = float(i) * (1.f / kTabSize);
    const float A = -0.75f;
    std::array<float, 4> c;
    c[0] = ((A * (x + 1) - 5 * A) * (x + 1) + 8 * A) * (x + 1) - 4 * A;
    c[1] = ((A + 2) * x - (A + 3)) * x * x + 1;
    c[2] = ((A + 2) * (1 - x) - (A + 3)) * (1 - x) * (1 - x) + 1;
    c[3] = 1.f - c[0] - c[1] - c[2];
    return c;
}

// Integer source position and 1/32 fraction of destination coordinate 0 along one axis, as
// warpAffine's invoker computes them: round(offset * 1024) + 16, then >> 5 twice.
void fixedPoint(double offset, int& whole, int& fraction) {
    const int q = (cvRound(offset * (1 << kAbBits)) + kRoundDelta) >> (kAbBits - kInterBits);
    whole = q >> kInterBits;
    fraction = q & (kTabSize - 1);
}

int reflect(int p, int len) { return cv::borderInterpolate(p, len, cv::BORDER_REFLECT); }

// One output sample of the interior: four row sums of four products (neighbours 3 floats
// apart: the same channel of the next pixel), added in turn, then the gain.
template <typename V>
V interiorSample(const float* const* rows, int at, const V* w, const V& gain) {
    auto rowSum = [&](int r) {
        const float* s = rows[r] + at;
        return V::load(s) * w[4 * r] + V::load(s + 3) * w[4 * r + 1] + V::load(s + 6) * w[4 * r + 2] +
               V::load(s + 9) * w[4 * r + 3];
    };
    V sum = rowSum(0);
    sum = sum + rowSum(1);
    sum = sum + rowSum(2);
    sum = sum + rowSum(3);
    return sum * gain;
}

struct Scalar1 {  // a one-lane stand-in for the vector type, for the row's tail
    float v;
    static Scalar1 load(const float* p) { return {*p}; }
    friend Scalar1 operator*(Scalar1 a, Scalar1 b) { return {a.v * b.v}; }
    friend Scalar1 operator+(Scalar1 a, Scalar1 b) { return {a.v + b.v}; }
};

struct Vector4 {  // four lanes: the same float operations, four samples at once
    cv::v_float32x4 v;
    static Vector4 load(const float* p) { return {cv::v_load(p)}; }
    friend Vector4 operator*(Vector4 a, Vector4 b) { return {a.v * b.v}; }
    friend Vector4 operator+(Vector4 a, Vector4 b) { return {a.v + b.v}; }
};

// Output samples [from, to) of a row (samples, not pixels: colour channels are independent),
// source sample `source` for output sample `from`.
void interiorRow(const float* const* rows, const float* weights, float gain, int source, int from, int to, float* d) {
    Vector4 w4[16];
    Scalar1 w1[16];
    for (int k = 0; k < 16; ++k) w4[k] = {cv::v_setall_f32(weights[k])}, w1[k] = {weights[k]};
    const Vector4 g4{cv::v_setall_f32(gain)};
    const Scalar1 g1{gain};
    int i = from;
    for (; i + 4 <= to; i += 4) cv::v_store(d + i, interiorSample(rows, source + i - from, w4, g4).v);
    for (; i < to; ++i) d[i] = interiorSample(rows, source + i - from, w1, g1).v;
}

}  // namespace

void shiftBicubic(const cv::Mat& src, double x0, double y0, float gain, cv::Size size, cv::Mat& out) {
    CV_Assert(src.type() == CV_32FC3 && !src.empty());
    out.create(size, CV_32FC3);
    int ix, fx;
    fixedPoint(x0, ix, fx);
    const std::array<float, 4> cx = cubicWeights(fx);
    const int width = src.cols, height = src.rows;
    const unsigned innerW = unsigned(std::max(width - 3, 0)), innerH = unsigned(std::max(height - 3, 0));
    std::vector<int> columns(size_t(size.width) * 4);  // reflected source columns, for the border
    for (int x = 0; x < size.width; ++x)
        for (int j = 0; j < 4; ++j) columns[4 * x + j] = reflect(ix + x - 1 + j, width) * 3;

    for (int y = 0; y < size.height; ++y) {
        // Rows are computed as the invoker does, from y + y0 (not y0 plus y: the same double).
        int iy, fy;
        fixedPoint(double(y) + y0, iy, fy);
        const std::array<float, 4> cy = cubicWeights(fy);
        float w[16];
        for (int i = 0; i < 4; ++i)
            for (int j = 0; j < 4; ++j) w[4 * i + j] = cy[i] * cx[j];
        const int sy = iy - 1;
        const float* rows[4];
        for (int i = 0; i < 4; ++i) rows[i] = src.ptr<float>(reflect(sy + i, height));
        float* d = out.ptr<float>(y);
        // Columns whose 4x4 neighbourhood lies inside the image: OpenCV's interior sum.
        int first = size.width, last = size.width;
        if (unsigned(sy) < innerH) {
            first = std::clamp(1 - ix, 0, size.width);
            last = std::clamp(int(innerW) + 1 - ix, first, size.width);
        }
        interiorRow(rows, w, gain, (ix + first - 1) * 3, 3 * first, 3 * last, d);
        for (int x = 0; x < size.width; ++x) {
            if (x == first) x = last;
            if (x >= size.width) break;
            // Its border sum: the sixteen products added one by one, from zero.
            const int* c = &columns[4 * x];
            for (int k = 0; k < 3; ++k) {
                float sum = 0.0f;
                for (int i = 0; i < 4; ++i)
                    for (int j = 0; j < 4; ++j) sum += rows[i][c[j] + k] * w[4 * i + j];
                d[3 * x + k] = sum * gain;
            }
        }
    }
}

}  // namespace facet
