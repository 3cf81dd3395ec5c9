#include "calibration/front_light.hpp"

#include "calibration/calibration_files.hpp"
#include "pipeline/errors.hpp"
#include "pipeline/image.hpp"
#include "pipeline/plate_alignment.hpp"

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <vector>

namespace facet {

namespace {

float sum3(const cv::Vec3f& v) { return v[0] + v[1] + v[2]; }

}  // namespace

FrontLightMeasurement measureFrontLight(const cv::Mat& shot, const cv::Mat& plate, const cv::Mat& backlitShot,
                                        const cv::Mat& backlitPlate, const std::string& name) {
    CV_Assert(isLinearColour(shot) && isLinearColour(plate) && isLinearColour(backlitShot) &&
              isLinearColour(backlitPlate));
    if (plate.size() != shot.size() || backlitShot.size() != shot.size() || backlitPlate.size() != shot.size())
        throw InputError(name + ": the four frames (target and empty set, backlight off and on) must have one size");
    const cv::Rect frame(0, 0, shot.cols, shot.rows);
    const PlateAlignment front = measurePlateAlignment(shot, plate);
    PlateAlignment back = front;  // one camera position for both pairs; the exposure may differ
    back.gain = measurePlateGain(backlitShot, backlitPlate, front.shift);
    const cv::Mat p1 = alignedPlate(plate, front, frame), p2 = alignedPlate(backlitPlate, back, frame);

    // The target: clearly in front of the dark set in the front frame, and blocking most of the
    // backlight in the backlit one. Its inside only: 4 px in from its outline the pixels are
    // fully covered and the backlight's spill on the rims is gone.
    cv::Mat target(shot.size(), CV_8UC1, cv::Scalar(0));
    for (int y = 0; y < shot.rows; ++y) {
        const cv::Vec3f* c1 = shot.ptr<cv::Vec3f>(y);
        const cv::Vec3f* b1 = p1.ptr<cv::Vec3f>(y);
        const cv::Vec3f* c2 = backlitShot.ptr<cv::Vec3f>(y);
        const cv::Vec3f* b2 = p2.ptr<cv::Vec3f>(y);
        uchar* t = target.ptr<uchar>(y);
        for (int x = 0; x < shot.cols; ++x) {
            const float l1 = sum3(c1[x]), lp1 = sum3(b1[x]), l2 = sum3(c2[x]), lp2 = sum3(b2[x]);
            const bool inFront = l1 > 0.05f && l1 > 2.0f * lp1 + 0.03f;
            const bool blocks = l2 < 0.5f * lp2 + 0.5f * l1;
            t[x] = inFront && blocks ? 255 : 0;
        }
    }
    cv::erode(target, target, cv::getStructuringElement(cv::MORPH_ELLIPSE, {9, 9}));
    std::vector<float> ratios;
    for (int y = 0; y < shot.rows; ++y) {
        const uchar* t = target.ptr<uchar>(y);
        const cv::Vec3f* c1 = shot.ptr<cv::Vec3f>(y);
        const cv::Vec3f* c2 = backlitShot.ptr<cv::Vec3f>(y);
        for (int x = 0; x < shot.cols; ++x)
            if (t[x]) ratios.push_back(sum3(c2[x]) / sum3(c1[x]));
    }
    if (int(ratios.size()) < kLeastTargetPixels)
        throw InputError(name + ": no opaque target found (" + std::to_string(ratios.size()) +
                         " pixels well inside one, at least " + std::to_string(kLeastTargetPixels) +
                         " needed): lay an opaque, matte object on the set (a coin, a metal block, a piece "
                         "of card), at least 30 px across, and shoot it with the backlight off and on");
    auto quantile = [&](double q) {
        auto at = ratios.begin() + ptrdiff_t(q * double(ratios.size() - 1));
        std::nth_element(ratios.begin(), at, ratios.end());
        return double(*at);
    };
    FrontLightMeasurement m;
    m.ratio = quantile(0.5);
    m.pixels = int(ratios.size());
    const double q1 = quantile(0.25), q3 = quantile(0.75);
    m.spreadPercent = m.ratio > 1e-6 ? 50.0 * (q3 - q1) / m.ratio : 0.0;
    return m;
}

void saveFrontLight(const std::string& sidecarPath, const FrontLightMeasurement& m, const std::string& madeFrom) {
    commitCalibration(sidecarPath, {},
                      calibrationRecord("front-light", madeFrom,
                                        {{"front_light_in_backlit", m.ratio},
                                         {"target_pixels", m.pixels},
                                         {"spread_percent", m.spreadPercent}}));
}

}  // namespace facet
