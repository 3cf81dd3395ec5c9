#include "pipeline/piece_tiles.hpp"

#include "pipeline/image.hpp"

#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace facet {

namespace {

constexpr int kBlock = 8;  // px per side of a block

// Per block: |mean(C - gain P)| (signed mean per channel, then its length: noise and the
// velvet's sub-pixel misregistration average out) and the smallest per-pixel |C - gain P|.
void blockStatistics(const cv::Mat& shot, const cv::Mat& plate, cv::Point shift, float gain, cv::Mat& meanDiff,
                     cv::Mat& minDiff) {
    const int bw = (shot.cols + kBlock - 1) / kBlock, bh = (shot.rows + kBlock - 1) / kBlock;
    meanDiff.create(bh, bw, CV_32FC1);
    minDiff.create(bh, bw, CV_32FC1);
    cv::parallel_for_(cv::Range(0, bh), [&](const cv::Range& range) {
        std::vector<cv::Vec3f> sums(bw), scratch;
        std::vector<float> mins(bw);
        std::vector<int> counts(bw);
        for (int by = range.start; by < range.end; ++by) {
            std::fill(sums.begin(), sums.end(), cv::Vec3f(0, 0, 0));
            std::fill(mins.begin(), mins.end(), 1e9f);
            std::fill(counts.begin(), counts.end(), 0);
            for (int y = by * kBlock; y < std::min(shot.rows, (by + 1) * kBlock); ++y) {
                // Where the camera moved, the frame's edge has no plate behind it: skip it.
                const int py = y - shift.y;
                if (py < 0 || py >= plate.rows) continue;
                const cv::Vec3f* c = shot.ptr<cv::Vec3f>(y);
                const cv::Vec3f* p = plateRow(plate, py, scratch);
                const int x0 = std::max(0, shift.x), x1 = std::min(shot.cols, plate.cols + shift.x);
                // Block by block with the running sum in registers (the same additions in the
                // same order as pixel by pixel, so the same sums, without a store per pixel).
                for (int b = x0 / kBlock; b * kBlock < x1; ++b) {
                    const int xs = std::max(x0, b * kBlock), xe = std::min(x1, (b + 1) * kBlock);
                    cv::Vec3f sum = sums[b];
                    float least = mins[b];
                    for (int x = xs; x < xe; ++x) {
                        const cv::Vec3f d = c[x] - gain * p[x - shift.x];
                        sum += d;
                        least = std::min(least, std::abs(d[0]) + std::abs(d[1]) + std::abs(d[2]));
                    }
                    sums[b] = sum;
                    mins[b] = least;
                    counts[b] += xe - xs;
                }
            }
            float* m = meanDiff.ptr<float>(by);
            float* n = minDiff.ptr<float>(by);
            for (int b = 0; b < bw; ++b) {
                const cv::Vec3f mean = sums[b] / float(std::max(1, counts[b]));
                m[b] = std::sqrt(mean.dot(mean));
                n[b] = counts[b] ? mins[b] : 0.0f;  // unknown: never "solid"
            }
        }
    });
}

float medianOf(const cv::Mat& m) {
    std::vector<float> v(m.begin<float>(), m.end<float>());
    if (v.empty()) return 0;
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
}

// The pixels within `halo` of the blocks marked in `piece` (a window of the block grid whose
// first block is `firstBlock`), as a box.
cv::Rect pieceReach(const cv::Mat& piece, cv::Point firstBlock, int halo) {
    const cv::Rect b = cv::boundingRect(piece) + firstBlock;
    return {b.x * kBlock - halo, b.y * kBlock - halo, b.width * kBlock + 2 * halo, b.height * kBlock + 2 * halo};
}

}  // namespace

TilePlan planTiles(const cv::Mat& shot, const cv::Mat& plate, cv::Point2d shift, double gain, int tileSize,
                   int halo) {
    CV_Assert(isLinearColour(shot) && isLinearPlate(plate) && shot.size() == plate.size());
    CV_Assert(tileSize % kBlock == 0 && tileSize > 0 && halo >= 0);
    cv::Mat meanDiff, minDiff;
    const cv::Point whole(int(std::lround(shift.x)), int(std::lround(shift.y)));
    blockStatistics(shot, plate, whole, float(gain), meanDiff, minDiff);

    TilePlan plan;
    // The set fills most blocks: the median block is background; its spread is the noise.
    const float median = medianOf(meanDiff);
    plan.blockNoise = median;
    const float pieceLevel = std::max(6.0f * median, 1e-3f);
    // Solid: no pixel anywhere near could be the velvet or a dark mirror of it.
    const float solidLevel = std::max(0.06f, 40.0f * median);

    const int haloBlocks = (halo + kBlock - 1) / kBlock;
    for (int ty = 0; ty < shot.rows; ty += tileSize) {
        for (int tx = 0; tx < shot.cols; tx += tileSize) {
            const cv::Rect core = cv::Rect(tx, ty, tileSize, tileSize) & cv::Rect(0, 0, shot.cols, shot.rows);
            const cv::Rect blocks = cv::Rect(core.x / kBlock - haloBlocks, core.y / kBlock - haloBlocks,
                                             (core.width + kBlock - 1) / kBlock + 2 * haloBlocks,
                                             (core.height + kBlock - 1) / kBlock + 2 * haloBlocks) &
                                    cv::Rect(0, 0, meanDiff.cols, meanDiff.rows);
            double maxMean = 0, minMin = 0;
            cv::minMaxLoc(meanDiff(blocks), nullptr, &maxMean);
            cv::minMaxLoc(minDiff(blocks), &minMin, nullptr);
            TileKind kind = TileKind::Edge;
            cv::Rect solve = core;
            if (maxMean < pieceLevel)
                kind = TileKind::Background, solve = {};
            else if (minMin > solidLevel)
                kind = TileKind::Solid;
            else
                solve = pieceReach(meanDiff(blocks) >= pieceLevel, blocks.tl(), halo) & core;
            plan.tiles.push_back({core, kind, solve});
            if (kind != TileKind::Background) plan.pieceBox |= core;
        }
    }
    return plan;
}

}  // namespace facet
