#include "calibration/dual_plates.hpp"

#include "pipeline/errors.hpp"
#include "pipeline/image.hpp"

#include <algorithm>

namespace facet {

DualPlates pairDualPlates(CleanPlate off, CleanPlate on, const std::string& offName, const std::string& onName) {
    const PlateRecord& a = off.record;
    const PlateRecord& b = on.record;
    if (a.backlight != "off")
        throw InputError(offName + " was made with the backlight " + a.backlight + ", not off ('facet calibrate plate "
                         "--backlight off')");
    if (b.backlight != "on")
        throw InputError(onName + " was made with the backlight " + b.backlight + ", not on ('facet calibrate plate "
                         "--backlight on')");
    if (off.image.size() != on.image.size())
        throw InputError(offName + " and " + onName + " differ in size (" + std::to_string(off.image.cols) + "x" +
                         std::to_string(off.image.rows) + " and " + std::to_string(on.image.cols) + "x" +
                         std::to_string(on.image.rows) + "): make both plates with one camera at one size");
    if (!a.camera.empty() && !b.camera.empty() && a.camera != b.camera)
        throw InputError(offName + " (" + a.camera + ") and " + onName + " (" + b.camera +
                         ") come from different cameras");
    if (!(a.settings == b.settings))
        throw InputError(offName + " and " + onName + " were made with different settings (" + a.settings.iso + " " +
                         a.settings.shutter + " " + a.settings.aperture + " vs " + b.settings.iso + " " +
                         b.settings.shutter + " " + b.settings.aperture +
                         "): the backlit pair must differ only in the backlight");
    cv::Mat lumOff = luminance(off.image), lumOn = luminance(on.image);
    std::vector<float> ratios;
    ratios.reserve(lumOff.total() / 16 + 1);
    for (int y = 0; y < lumOff.rows; y += 4)
        for (int x = 0; x < lumOff.cols; x += 4)
            ratios.push_back(lumOn.at<float>(y, x) / std::max(lumOff.at<float>(y, x), 1e-5f));
    std::nth_element(ratios.begin(), ratios.begin() + ratios.size() / 2, ratios.end());
    const double gain = ratios[ratios.size() / 2];
    if (gain < 1.5)
        throw InputError(onName + " is barely brighter than " + offName + " (x" + std::to_string(gain).substr(0, 4) +
                         "): was the backlight on? It should make the support at least a stop brighter");
    return DualPlates{std::move(off), std::move(on), gain};
}

DualPlates loadDualPlates(const std::string& offSidecar, const std::string& onSidecar) {
    return pairDualPlates(loadCleanPlate(offSidecar), loadCleanPlate(onSidecar), offSidecar, onSidecar);
}

}  // namespace facet
