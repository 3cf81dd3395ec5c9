#include "capture/camera_thread.hpp"
#include "capture/gphoto2_camera.hpp"
#include "capture/profile_on_camera.hpp"
#include "capture/simulated_studio_camera.hpp"
#include "profiles/profile_loader.hpp"
#include "ptpip_simulator.hpp"

#include <gtest/gtest.h>

using namespace facet::capture;

namespace {
FileKeeper unused() {
    return [](const CameraFileRef& f, const std::vector<uint8_t>&, uint64_t s) { return StoredFile{f, "", s}; };
}
std::string valueOf(CameraThread& t, SettingKind k) {
    for (const auto& s : t.settings().get())
        if (s.kind == k) return s.value;
    return "";
}
}  // namespace

TEST(ProfileOnCamera, TheSimulatedStudioTakesTheWholeProfile) {
    facet::Profile profile = facet::loadProfile("black-velvet");
    StudioSimulationOptions o;
    o.captureSize = o.liveSize = {320, 240};
    CameraThread thread(std::make_unique<SimulatedStudioCamera>(o), unused());
    thread.set(SettingKind::Iso, "800").get();
    auto warnings = applyProfileToCamera(thread, profile);
    EXPECT_TRUE(warnings.empty()) << warnings.front();
    EXPECT_EQ(valueOf(thread, SettingKind::Iso), "100");
    EXPECT_EQ(valueOf(thread, SettingKind::Aperture), "f/11");
    EXPECT_EQ(valueOf(thread, SettingKind::ImageFormat), "RAW+JPEG");
    EXPECT_EQ(valueOf(thread, SettingKind::WhiteBalance), "flash");
}

TEST(ProfileOnCamera, AGenericPtpBodySaysWhatItCannotDo) {
    facet::test::IsolatedHome home;
    facet::test::PtpIpSimulator sim;
    facet::Profile profile = facet::loadProfile("black-velvet");
    Gphoto2Options o;
    o.model = "PTP/IP Camera";
    o.port = sim.gphotoPort();
    CameraThread thread(std::make_unique<Gphoto2Camera>(o), unused());
    auto warnings = applyProfileToCamera(thread, profile);
    std::string all;
    for (const auto& w : warnings) all += w + "\n";
    EXPECT_NE(all.find("image format"), std::string::npos) << all;  // no such control on generic PTP
    EXPECT_EQ(valueOf(thread, SettingKind::Aperture), "f/11");      // f/11 is among its choices
}
