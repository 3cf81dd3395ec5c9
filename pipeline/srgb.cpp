#include "pipeline/srgb.hpp"

#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include <array>
#include <cmath>
#include <vector>

namespace facet {

float srgbDecode(float v) {
    return v <= 0.04045f ? v / 12.92f : std::pow((v + 0.055f) / 1.055f, 2.4f);
}

float srgbEncode(float v) {
    v = std::min(1.0f, std::max(0.0f, v));
    return v <= 0.0031308f ? v * 12.92f : 1.055f * std::pow(v, 1.0f / 2.4f) - 0.055f;
}

namespace {

const std::vector<float>& decodeTable(int depth) {
    static const std::vector<float> t8 = [] {
        std::vector<float> t(256);
        for (int i = 0; i < 256; ++i) t[i] = srgbDecode(i / 255.0f);
        return t;
    }();
    static const std::vector<float> t16 = [] {
        std::vector<float> t(65536);
        for (int i = 0; i < 65536; ++i) t[i] = srgbDecode(i / 65535.0f);
        return t;
    }();
    return depth == CV_8U ? t8 : t16;
}

// Encoding goes through a table indexed by sqrt(linear): the curve is steep in the shadows
// (12.92x), where the velvet lives, and a table indexed by the linear value would band there.
// In sqrt space the slope stays below ~1.5 output steps per entry; interpolation does the rest.
constexpr int kEncodeSteps = 65536;
const std::vector<float>& encodeTableSqrt() {
    static const std::vector<float> t = [] {
        std::vector<float> t(kEncodeSteps + 1);
        for (int i = 0; i <= kEncodeSteps; ++i) {
            const double s = double(i) / kEncodeSteps;
            t[i] = float(srgbEncode(float(s * s)) * 65535.0);
        }
        return t;
    }();
    return t;
}

inline uint16_t encode16(float v, const float* table) {
    if (!(v > 0.0f)) return 0;  // also catches NaN
    if (v >= 1.0f) return 65535;
    const float pos = std::sqrt(v) * kEncodeSteps;
    const int i = static_cast<int>(pos);
    const float f = pos - i;
    return static_cast<uint16_t>(table[i] + f * (table[i + 1] - table[i]) + 0.5f);
}

// On both cores: a 24 MP frame is 288 MB of floats written (and first touched) here.
template <typename T>
void decodeRows(const cv::Mat& src, cv::Mat& dst, const std::vector<float>& table) {
    const int n = src.cols * src.channels();
    cv::parallel_for_(cv::Range(0, src.rows), [&](const cv::Range& rows) {
        for (int y = rows.start; y < rows.end; ++y) {
            const T* s = src.ptr<T>(y);
            float* d = dst.ptr<float>(y);
            for (int i = 0; i < n; ++i) d[i] = table[s[i]];
        }
    });
}

}  // namespace

const float* srgbDecodeTable(int depth) {
    CV_Assert(depth == CV_8U || depth == CV_16U);
    return decodeTable(depth).data();
}

cv::Mat srgbToLinear(const cv::Mat& encoded) {
    CV_Assert(encoded.depth() == CV_8U || encoded.depth() == CV_16U);
    CV_Assert(encoded.channels() == 1 || encoded.channels() == 3);
    cv::Mat out(encoded.size(), CV_MAKETYPE(CV_32F, encoded.channels()));
    const auto& table = decodeTable(encoded.depth());
    if (encoded.depth() == CV_8U)
        decodeRows<uint8_t>(encoded, out, table);
    else
        decodeRows<uint16_t>(encoded, out, table);
    if (out.channels() == 1) cv::cvtColor(out, out, cv::COLOR_GRAY2BGR);
    return out;
}

void encodeSrgb16(const float* linear, uint16_t* out, size_t n) {
    const float* table = encodeTableSqrt().data();
    for (size_t i = 0; i < n; ++i) out[i] = encode16(linear[i], table);
}

cv::Mat linearToSrgb(const cv::Mat& linear, int depth) {
    CV_Assert(linear.depth() == CV_32F && (depth == CV_8U || depth == CV_16U));
    const float* table = encodeTableSqrt().data();
    cv::Mat out16(linear.size(), CV_MAKETYPE(CV_16U, linear.channels()));
    const int n = linear.cols * linear.channels();
    for (int y = 0; y < linear.rows; ++y) {
        const float* s = linear.ptr<float>(y);
        uint16_t* d = out16.ptr<uint16_t>(y);
        for (int i = 0; i < n; ++i) d[i] = encode16(s[i], table);
    }
    if (depth == CV_16U) return out16;
    cv::Mat out8;
    out16.convertTo(out8, CV_8U, 255.0 / 65535.0);
    return out8;
}

}  // namespace facet
