#pragma once
// A studio without hardware: a piece of jewelry on black velvet (scenes/scene.hpp), seen through
// a camera whose settings behave like a camera's. Shutter and ISO change brightness and noise,
// aperture the depth of field, the focus control the blur, white balance the colour; the
// backlight switch turns on the light under the translucent support for dual capture.
//
// The scene is rendered noise-free once per change of the settings that alter it (focus,
// aperture, backlight, size) and kept; every frame then costs one pass: exposure gain, white
// balance and fresh sensor noise (a random window into a precomputed unit-noise field, with the
// variance of the shot and read noise at that signal and ISO).
#include "capture/camera.hpp"
#include "scenes/scene.hpp"

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <random>

namespace facet::capture {

struct StudioSimulationOptions {
    scenes::Piece piece = scenes::Piece::SolitaireRing;
    scenes::Surface surface = scenes::Surface::BlackVelvet;
    cv::Size captureSize{3000, 2000};
    cv::Size liveSize{1024, 680};
    int captureSupersample = 2;
    uint64_t seed = 1;
    // The soft shadow the key light casts on the set (scenes::SceneOptions::shadowStrength; the
    // empty set, the plate, has none). Off by default: the station's demo and its docs show the
    // shadowless set.
    double shadowStrength = 0.0;
    // The photographer presses the body's shutter button this often (tethering without a
    // camera: `facet tether --camera sim`). Zero: only pressShutterButton() does.
    std::chrono::milliseconds bodyShotInterval{0};
};

class SimulatedStudioCamera : public Camera {
public:
    explicit SimulatedStudioCamera(StudioSimulationOptions options = {});

    CameraInfo info() const override;
    std::vector<Setting> settings() override;
    Setting setting(SettingKind kind) override;
    void set(SettingKind kind, const std::string& value) override;
    LiveFrame liveFrame() override;
    std::vector<CameraFileRef> capture() override;
    std::vector<uint8_t> download(const CameraFileRef& file) override;
    void deleteFromCamera(const CameraFileRef& file) override;
    std::vector<CameraFileRef> waitForBodyShots(std::chrono::milliseconds timeout) override;
    bool reopen() override { return true; }

    // Any thread: a shot taken on the body, picked up by waitForBodyShots.
    void pressShutterButton() { buttonPresses_++; }

    // Any thread: what the photographer does to the set, seen from the next frame on. Taking the
    // piece off gives the empty set (a clean plate); spill is extra light on the velvet from the
    // left, relative to the main light (0.5 = +50 % at the left edge; scenes::SceneOptions::sideSpill).
    void setPieceOnSet(bool on) { pieceOnSet_ = on; }
    void setLeftSpill(double relative) { leftSpill_ = relative; }

    // The linear frame the sensor would record now (exposure, white balance, noise applied).
    cv::Mat exposeLinear(bool live);
    // The same, sRGB-encoded straight to CV_8UC3 or CV_16UC3 in one pass (what a capture writes).
    cv::Mat exposeEncoded(bool live, int depth);

private:
    struct Rendered {
        cv::Mat sharp;   // noise-free linear CV_32FC3 at exposure 1, in focus
        cv::Mat noise;   // unit Gaussian x kNoiseScale as CV_8SC3 (a quarter of the memory
                         // traffic of floats), larger than `sharp` by kNoiseMargin each way
        double blur = 0; // the defocus `clean` has
        cv::Mat clean;   // `sharp` with the current defocus
    };
    const Rendered& rendered(bool live);
    template <class Out>
    void expose(bool live, cv::Mat& out, const std::vector<Out>* lut);
    double exposureGain() const;
    cv::Vec3f whiteBalanceGains() const;
    std::vector<CameraFileRef> writeToCard();

    StudioSimulationOptions options_;
    std::map<SettingKind, Setting> settings_;
    std::map<std::string, Rendered> cache_;  // key: size, backlight
    std::vector<uint8_t> lut8_;               // linear (16384 steps) -> sRGB 8 bit
    std::vector<uint16_t> lut16_;             // linear (65536 steps) -> sRGB 16 bit
    std::map<std::string, std::vector<uint8_t>> card_;
    std::mt19937_64 random_;
    int shotNumber_ = 0;
    uint64_t liveSequence_ = 0;
    std::atomic<int> buttonPresses_{0};
    std::atomic<bool> pieceOnSet_{true};
    std::atomic<double> leftSpill_{0.0};
    std::chrono::steady_clock::time_point nextBodyShot_;
};

}  // namespace facet::capture
