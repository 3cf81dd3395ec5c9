#pragma once
// Sums of per-pixel terms over the 3x3 and the 5x5 window around every pixel, for the tests
// that judge a pixel by its neighbourhood (background_evidence, set_shadow).
//
// Made row by row from a ring of the five term rows around the row: every sum comes from data
// still in the cache (whole term images of a tile cost more in memory traffic than in
// arithmetic), in plain contiguous float loops the compiler vectorises. cv::boxFilter sums
// floats in double and one window at a time: about three times slower here. Borders are
// reflected as cv::boxFilter reflects them (BORDER_REFLECT_101).
#include <opencv2/core.hpp>

#include <algorithm>
#include <vector>

namespace facet {

// gather(y, row): writes the `terms` floats of every pixel of image row y, pixel x at
//                 row + x * terms (called about once per row, rows near the border twice);
// visit(y, sum3, sum5): the window sums of row y, `terms` floats per pixel, in row order.
template <typename Gather, typename Visit>
void forEachRowOfWindowSums(int rows, int cols, int terms, Gather&& gather, Visit&& visit) {
    const int paddedRow = (cols + 4) * terms;
    std::vector<float> ring(5 * size_t(paddedRow)), down3(paddedRow), down5(paddedRow);
    std::vector<float> sum3(size_t(cols) * terms), sum5(size_t(cols) * terms);
    auto slot = [&](int y) { return ring.data() + ((y + 5) % 5) * size_t(paddedRow); };  // y >= -2
    auto load = [&](int y) {
        float* row = slot(y);
        gather(cv::borderInterpolate(y, rows, cv::BORDER_REFLECT_101), row + 2 * terms);
        for (int b : {-2, -1, cols, cols + 1}) {
            const int from = cv::borderInterpolate(b, cols, cv::BORDER_REFLECT_101);
            std::copy_n(row + (from + 2) * terms, terms, row + (b + 2) * terms);
        }
    };
    for (int y = -2; y < 2; ++y) load(y);
    for (int y = 0; y < rows; ++y) {
        load(y + 2);
        const float* __restrict r0 = slot(y - 2);
        const float* __restrict r1 = slot(y - 1);
        const float* __restrict r2 = slot(y);
        const float* __restrict r3 = slot(y + 1);
        const float* __restrict r4 = slot(y + 2);
        float* __restrict d3 = down3.data();
        float* __restrict d5 = down5.data();
        for (int i = 0; i < paddedRow; ++i) {
            d3[i] = r1[i] + r2[i] + r3[i];
            d5[i] = d3[i] + r0[i] + r4[i];
        }
        // Pixel x is padded pixel x + 2; its neighbours are `terms` floats apart.
        const float* __restrict a3 = down3.data() + terms;
        const float* __restrict a5 = down5.data();
        float* __restrict s3 = sum3.data();
        float* __restrict s5 = sum5.data();
        for (int i = 0; i < cols * terms; ++i) {
            s3[i] = a3[i] + a3[i + terms] + a3[i + 2 * terms];
            s5[i] = a5[i] + a5[i + terms] + a5[i + 2 * terms] + a5[i + 3 * terms] + a5[i + 4 * terms];
        }
        visit(y, static_cast<const float*>(s3), static_cast<const float*>(s5));
    }
}

}  // namespace facet
