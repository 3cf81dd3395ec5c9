#include "pipeline/plate_shift.hpp"

#include <array>

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
        for (int x = 0; x < size.width; ++x, d += 3) {
            const int sx = ix + x - 1;
            if (unsigned(sx) < innerW && unsigned(sy) < innerH) {
                // OpenCV's interior sum: four row sums of four products, added in turn.
                for (int k = 0; k < 3; ++k) {
                    const float* s0 = rows[0] + sx * 3 + k;
                    const float* s1 = rows[1] + sx * 3 + k;
                    const float* s2 = rows[2] + sx * 3 + k;
                    const float* s3 = rows[3] + sx * 3 + k;
                    float sum = s0[0] * w[0] + s0[3] * w[1] + s0[6] * w[2] + s0[9] * w[3];
                    sum += s1[0] * w[4] + s1[3] * w[5] + s1[6] * w[6] + s1[9] * w[7];
                    sum += s2[0] * w[8] + s2[3] * w[9] + s2[6] * w[10] + s2[9] * w[11];
                    sum += s3[0] * w[12] + s3[3] * w[13] + s3[6] * w[14] + s3[9] * w[15];
                    d[k] = sum * gain;
                }
            } else {
                // Its border sum: the sixteen products added one by one, from zero.
                const int* c = &columns[4 * x];
                for (int k = 0; k < 3; ++k) {
                    float sum = 0.0f;
                    for (int i = 0; i < 4; ++i)
                        for (int j = 0; j < 4; ++j) sum += rows[i][c[j] + k] * w[4 * i + j];
                    d[k] = sum * gain;
                }
            }
        }
    }
}

}  // namespace facet
