#pragma once
// What the velvet looks like in one frame: its mean colour and lightness and how evenly it is
// lit (a coarse grid). Measured on pixels the matte calls background, kept a few px away from
// the piece (its halo, shadow and reflections are not the velvet). Shared by the lighting
// check (uneven light, colour cast, lifted or crushed velvet), the collection reference and
// the background check that compares the two.
#include "pipeline/checks/check_frame.hpp"

#include <vector>

namespace facet::checks {

struct BackgroundStats {
    cv::Size frameSize;          // full-resolution size of the frame it came from
    int gridCols = 12, gridRows = 8;
    std::vector<cv::Vec3f> cellBgr;  // linear mean colour per cell (row-major)
    std::vector<float> cellCoverage; // fraction of the cell that is velvet (0..1)
    cv::Vec3d meanBgr{0, 0, 0};      // linear mean over all velvet samples
    double luminance = 0;            // linear Y of meanBgr
    cv::Vec3d lab{0, 0, 0};          // CIELAB of meanBgr
    double crushedFraction = 0;      // velvet samples at sRGB code <= 2 in every channel
    int samples = 0;

    bool valid() const { return samples > 0; }
    // Cell luminance relative to `luminance`; NaN where a cell has too little velvet.
    std::vector<float> relativeLightness(float minCoverage = 0.3f) const;
};

class BackgroundMeter {
public:
    // Every fourth pixel in each direction: the mean of half a million velvet pixels is no
    // better than of a sixteenth of them (still ~400 a grid cell), and this runs on every frame.
    const BackgroundStats& measure(const CheckFrame& frame);
    // The clean plate where the last measure() saw velvet (like with like, cell by cell of the
    // grid; the whole plate is measured once per plate). Needs a frame prepared with a plate;
    // returns an invalid (empty) result otherwise.
    const BackgroundStats& measurePlate(const CheckFrame& frame);

private:
    BackgroundStats stats_, plateStats_, wholePlate_;
    double plateFingerprint_ = 0;
    const BackgroundStats& accumulate(const CheckFrame& f, const cv::Mat& bgr8, const cv::Mat& linear,
                                      BackgroundStats& s, bool velvetOnly = true);
    cv::Size measuredSize_;
    cv::Mat blockMean_, nearPiece_, kernel_;
    std::vector<cv::Vec3d> sums_;
    std::vector<int> counts_, totals_, columnCell_;
};

// One-off measurement of a plate (no piece: all of it is velvet) or a frame with its matte.
BackgroundStats measureBackground(const CheckInput& in);

}  // namespace facet::checks
