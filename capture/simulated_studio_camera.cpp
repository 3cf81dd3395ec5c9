#include "capture/simulated_studio_camera.hpp"

#include "pipeline/srgb.hpp"

#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstdio>
#include <thread>

namespace facet::capture {

namespace {

constexpr int kNoiseMargin = 48;  // px: the random window's play, 97x97 offsets x 2 signs
constexpr double kBaseFullWell = 20000;  // electrons at ISO 100 (scenes' default)
constexpr double kBaseReadNoise = 0.0005;

Setting choiceSetting(SettingKind kind, std::string value, std::vector<std::string> choices) {
    Setting s;
    s.kind = kind;
    s.value = std::move(value);
    s.choices = std::move(choices);
    s.widget = settingName(kind);
    return s;
}

}  // namespace

SimulatedStudioCamera::SimulatedStudioCamera(StudioSimulationOptions options)
    : options_(std::move(options)), random_(options_.seed) {
    auto add = [this](Setting s) { settings_[s.kind] = std::move(s); };
    add(choiceSetting(SettingKind::Iso, "100", {"100", "200", "400", "800", "1600", "3200"}));
    add(choiceSetting(SettingKind::Shutter, "1/125",
                      {"1/1000", "1/500", "1/250", "1/125", "1/60", "1/30", "1/15", "1/8", "1/4", "1/2", "1"}));
    add(choiceSetting(SettingKind::Aperture, "f/11", {"f/2.8", "f/4", "f/5.6", "f/8", "f/11", "f/16", "f/22"}));
    add(choiceSetting(SettingKind::WhiteBalance, "flash", {"auto", "daylight", "flash", "tungsten", "fluorescent"}));
    add(choiceSetting(SettingKind::ImageFormat, "JPEG", {"JPEG", "RAW", "RAW+JPEG"}));
    add(choiceSetting(SettingKind::CaptureTarget, "card", {"card", "memory"}));
    add(choiceSetting(SettingKind::Backlight, "off", {"off", "on"}));
    Setting focus;
    focus.kind = SettingKind::Focus;
    focus.value = "50";
    focus.range = SettingRange{0, 100, 1};  // 50: the focus plane on the piece
    focus.widget = "focus";
    add(focus);
    nextBodyShot_ = std::chrono::steady_clock::now() + options_.bodyShotInterval;
}

CameraInfo SimulatedStudioCamera::info() const {
    return {"Simulated studio camera (" + scenes::pieceName(options_.piece) + ")", "sim", "simulated"};
}

std::vector<Setting> SimulatedStudioCamera::settings() {
    std::vector<Setting> out;
    for (const auto& [k, s] : settings_) out.push_back(s);
    return out;
}

Setting SimulatedStudioCamera::setting(SettingKind kind) { return settings_.at(kind); }

void SimulatedStudioCamera::set(SettingKind kind, const std::string& value) {
    Setting& s = settings_.at(kind);
    if (s.range) {
        char* end = nullptr;
        double v = std::strtod(value.c_str(), &end);
        if (end == value.c_str() || *end != 0 || v < s.range->min || v > s.range->max)
            throw CameraError(CameraFault::InvalidValue, settingName(kind) + " must be a number from 0 to 100 (50 = on the piece)");
        s.value = value;
        return;
    }
    if (!s.offers(value)) {
        std::string list;
        for (const auto& c : s.choices) list += (list.empty() ? "" : ", ") + c;
        throw CameraError(CameraFault::InvalidValue,
                          "the simulated camera offers no " + settingName(kind) + " '" + value + "'; it offers: " + list);
    }
    s.value = value;
}

double SimulatedStudioCamera::exposureGain() const {
    // Exposure value relative to ISO 100, 1/125 s, f/11 (the studio's strobe set-up).
    double iso = settingNumber(SettingKind::Iso, settings_.at(SettingKind::Iso).value).value_or(100);
    double t = settingNumber(SettingKind::Shutter, settings_.at(SettingKind::Shutter).value).value_or(1.0 / 125);
    double n = settingNumber(SettingKind::Aperture, settings_.at(SettingKind::Aperture).value).value_or(11);
    return (iso / 100.0) * (t * 125.0) * (11.0 * 11.0) / (n * n);
}

cv::Vec3f SimulatedStudioCamera::whiteBalanceGains() const {
    // The set is lit by flash; a preset for another light tints the frame (B, G, R gains).
    const std::string& wb = settings_.at(SettingKind::WhiteBalance).value;
    if (wb == "tungsten") return {1.45f, 1.0f, 0.62f};
    if (wb == "fluorescent") return {1.2f, 1.0f, 0.8f};
    if (wb == "daylight") return {0.97f, 1.0f, 1.03f};
    return {1.0f, 1.0f, 1.0f};
}

const SimulatedStudioCamera::Rendered& SimulatedStudioCamera::rendered(bool live) {
    double focus = settingNumber(SettingKind::Focus, settings_.at(SettingKind::Focus).value).value_or(50);
    double n = settingNumber(SettingKind::Aperture, settings_.at(SettingKind::Aperture).value).value_or(11);
    bool backlight = settings_.at(SettingKind::Backlight).value == "on";
    cv::Size size = live ? options_.liveSize : options_.captureSize;
    // Defocus grows with the distance from the focus plane and with the aperture's width; even in
    // focus a wide aperture leaves the piece's depth partly soft. In capture pixels at 3000 px
    // wide, scaled with the frame.
    double scale = size.width / 3000.0;
    double blur = (std::abs(focus - 50.0) / 6.0 + 0.6) * (5.6 / n) * scale;
    const bool piece = pieceOnSet_;
    const double spill = leftSpill_;
    char key[160];
    std::snprintf(key, sizeof key, "%dx%d|%.3f|%d|%d|%.3f", size.width, size.height, blur, backlight ? 1 : 0,
                  piece ? 1 : 0, spill);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;

    scenes::SceneOptions o;
    o.piece = options_.piece;
    o.surface = options_.surface;
    o.size = size;
    o.seed = options_.seed;
    o.supersample = live ? 2 : options_.captureSupersample;
    o.readNoise = 0;              // noise is added per frame
    o.fullWellElectrons = 1e12;
    o.focusBlurSigma = blur;
    o.backlit = backlight;
    o.plateFrames = 1;
    o.sideSpill = spill;
    // The empty set is the scene's plate, seen by this same unmoved camera: no drift, no shift.
    o.plateExposureDrift = 1.0;
    o.plateShift = {0, 0};
    scenes::Scene scene = scenes::renderScene(o);
    Rendered r;
    if (piece)
        r.clean = backlight ? scene.backlitShot : scene.shot;
    else
        r.clean = backlight ? scene.backlitPlate : scene.plate;
    r.noise.create(size.height + 2 * kNoiseMargin, size.width + 2 * kNoiseMargin, CV_32FC3);
    cv::RNG rng(options_.seed * 7919 + static_cast<uint64_t>(size.width));
    rng.fill(r.noise, cv::RNG::NORMAL, 0.0, 1.0);
    if (cache_.size() > 8) cache_.clear();  // settings wandered: keep memory bounded
    return cache_.emplace(key, std::move(r)).first->second;
}

cv::Mat SimulatedStudioCamera::exposeLinear(bool live) {
    const Rendered& r = rendered(live);
    const double iso = settingNumber(SettingKind::Iso, settings_.at(SettingKind::Iso).value).value_or(100);
    const float gain = static_cast<float>(exposureGain());
    const cv::Vec3f wb = whiteBalanceGains();
    // Gain amplifies the sensor's signal and its noise: at ISO 400 a full-scale value has a
    // quarter of the electrons behind it.
    const float invFullWell = static_cast<float>(iso / 100.0 / kBaseFullWell);
    const float readVar = static_cast<float>(std::pow(kBaseReadNoise * iso / 100.0, 2));
    std::uniform_int_distribution<int> offset(0, 2 * kNoiseMargin);
    const int ox = offset(random_), oy = offset(random_);
    const float sign = (random_() & 1) ? 1.0f : -1.0f;
    cv::Mat out(r.clean.size(), CV_32FC3);
    cv::parallel_for_(cv::Range(0, out.rows), [&](const cv::Range& rows) {
        for (int y = rows.start; y < rows.end; ++y) {
            const float* c = r.clean.ptr<float>(y);
            const float* n = r.noise.ptr<float>(y + oy) + 3 * ox;
            float* o = out.ptr<float>(y);
            for (int x = 0; x < out.cols * 3; ++x) {
                float v = c[x] * gain * wb[x % 3];
                float sd = std::sqrt(std::max(v, 0.0f) * invFullWell + readVar);
                o[x] = v + sign * n[x] * sd;
            }
        }
    });
    return out;
}

LiveFrame SimulatedStudioCamera::liveFrame() {
    LiveFrame f;
    f.image = linearToSrgb(exposeLinear(true), CV_8U);
    cv::imencode(".jpg", f.image, f.jpeg, {cv::IMWRITE_JPEG_QUALITY, 80});
    f.sequence = ++liveSequence_;
    f.at = std::chrono::steady_clock::now();
    return f;
}

std::vector<CameraFileRef> SimulatedStudioCamera::writeToCard() {
    cv::Mat linear = exposeLinear(false);
    const std::string& format = settings_.at(SettingKind::ImageFormat).value;
    char stem[32];
    std::snprintf(stem, sizeof stem, "FCT_%04d", ++shotNumber_);
    std::vector<CameraFileRef> files;
    if (format == "RAW" || format == "RAW+JPEG") {
        // The simulated body's RAW: lossless 16-bit sRGB TIFF (no mosaic, nothing thrown away).
        std::vector<uint8_t> bytes;
        cv::imencode(".tif", linearToSrgb(linear, CV_16U), bytes);
        std::string name = std::string(stem) + ".TIF";
        card_[name] = std::move(bytes);
        files.push_back({"", name});
    }
    if (format == "JPEG" || format == "RAW+JPEG") {
        std::vector<uint8_t> bytes;
        cv::imencode(".jpg", linearToSrgb(linear, CV_8U), bytes, {cv::IMWRITE_JPEG_QUALITY, 95});
        std::string name = std::string(stem) + ".JPG";
        card_[name] = std::move(bytes);
        files.push_back({"", name});
    }
    return files;
}

std::vector<CameraFileRef> SimulatedStudioCamera::capture() { return writeToCard(); }

std::vector<uint8_t> SimulatedStudioCamera::download(const CameraFileRef& file) {
    auto it = card_.find(file.name);
    if (it == card_.end())
        throw CameraError(CameraFault::Failed, file.name + " is not on the simulated camera's card");
    return it->second;
}

void SimulatedStudioCamera::deleteFromCamera(const CameraFileRef& file) { card_.erase(file.name); }

std::vector<CameraFileRef> SimulatedStudioCamera::waitForBodyShots(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        auto now = std::chrono::steady_clock::now();
        bool intervalDue = options_.bodyShotInterval.count() > 0 && now >= nextBodyShot_;
        if (buttonPresses_ > 0 || intervalDue) {
            if (buttonPresses_ > 0) --buttonPresses_;
            if (intervalDue) nextBodyShot_ = now + options_.bodyShotInterval;
            return writeToCard();
        }
        if (now >= deadline) return {};
        std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(deadline - now, std::chrono::milliseconds(10)));
    }
}

}  // namespace facet::capture
