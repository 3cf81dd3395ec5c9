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
constexpr float kNoiseScale = 24.0f;  // unit noise stored as int8: +-5.3 sigma, steps of 0.04 sigma
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
    // focus a wide aperture leaves the piece's depth partly soft. In pixels of a 3000 px wide
    // frame, scaled with the frame.
    double blur = (std::abs(focus - 50.0) / 6.0 + 0.6) * (5.6 / n) * (size.width / 3000.0);
    const bool piece = pieceOnSet_;
    const double spill = leftSpill_;
    char key[160];
    std::snprintf(key, sizeof key, "%dx%d|%d|%d|%.3f", size.width, size.height, backlight ? 1 : 0, piece ? 1 : 0,
                  spill);
    auto it = cache_.find(key);
    if (it == cache_.end()) {
        // The expensive part (supersampled geometry), once per size, backlight, set and light.
        scenes::SceneOptions o;
        o.piece = options_.piece;
        o.surface = options_.surface;
        o.size = size;
        o.seed = options_.seed;
        o.supersample = live ? 2 : options_.captureSupersample;
        o.readNoise = 0;  // noise is added per frame
        o.fullWellElectrons = 1e12;
        o.backlit = backlight;
        o.plateFrames = 1;
        o.sideSpill = spill;
        o.shadowStrength = options_.shadowStrength;
        // The empty set is the scene's plate, seen by this same unmoved camera: no drift, no shift.
        o.plateExposureDrift = 1.0;
        o.plateShift = {0, 0};
        scenes::Scene scene = scenes::renderScene(o);
        Rendered r;
        if (piece)
            r.sharp = backlight ? scene.backlitShot : scene.shot;
        else
            r.sharp = backlight ? scene.backlitPlate : scene.plate;
        cv::Mat unit(size.height + 2 * kNoiseMargin, size.width + 2 * kNoiseMargin, CV_32FC3);
        cv::RNG rng(options_.seed * 7919 + static_cast<uint64_t>(size.width));
        rng.fill(unit, cv::RNG::NORMAL, 0.0, 1.0);
        unit.convertTo(r.noise, CV_8S, kNoiseScale);
        r.blur = -1;
        if (cache_.size() >= 8) cache_.clear();  // keep memory bounded
        it = cache_.emplace(key, std::move(r)).first;
    }
    Rendered& r = it->second;
    if (std::abs(r.blur - blur) > 1e-6) {
        // Defocus blurs piece and set alike, as the scene renderer's optical blur does; a focus
        // or aperture change costs one blur, not a new render.
        if (blur > 0.05) cv::GaussianBlur(r.sharp, r.clean, cv::Size(), blur, blur, cv::BORDER_REFLECT);
        else r.clean = r.sharp;
        r.blur = blur;
    }
    return r;
}

template <class Out>
void SimulatedStudioCamera::expose(bool live, cv::Mat& out, const std::vector<Out>* lut) {
    const Rendered& r = rendered(live);
    const double iso = settingNumber(SettingKind::Iso, settings_.at(SettingKind::Iso).value).value_or(100);
    const float gain = static_cast<float>(exposureGain());
    const cv::Vec3f wb = whiteBalanceGains();
    const float g[3] = {gain * wb[0], gain * wb[1], gain * wb[2]};
    // Gain amplifies the sensor's signal and its noise: at ISO 400 a full-scale value has a
    // quarter of the electrons behind it.
    const float invFullWell = static_cast<float>(iso / 100.0 / kBaseFullWell);
    const float readVar = static_cast<float>(std::pow(kBaseReadNoise * iso / 100.0, 2));
    std::uniform_int_distribution<int> offset(0, 2 * kNoiseMargin);
    const int ox = offset(random_), oy = offset(random_);
    const float sign = (random_() & 1) ? 1.0f : -1.0f;
    const float lutScale = lut ? static_cast<float>(lut->size() - 1) : 0;
    out.create(r.clean.size(), lut ? CV_MAKETYPE(cv::DataDepth<Out>::value, 3) : CV_32FC3);
    const int n3 = out.cols * 3;
    std::vector<float> gainRow(n3);
    for (int x = 0; x < n3; ++x) gainRow[x] = g[x % 3];
    const float noiseUnit = sign / kNoiseScale;
    cv::parallel_for_(cv::Range(0, out.rows), [&](const cv::Range& rows) {
        std::vector<float> row(n3);
        for (int y = rows.start; y < rows.end; ++y) {
            const float* c = r.clean.ptr<float>(y);
            const int8_t* n = r.noise.ptr<int8_t>(y + oy) + 3 * ox;
            float* noisy = lut ? row.data() : out.ptr<float>(y);
            // Plain arithmetic over the row so the compiler vectorises it; the table lookup follows.
            for (int x = 0; x < n3; ++x) {
                float v = c[x] * gainRow[x];
                noisy[x] = v + float(n[x]) * noiseUnit * std::sqrt(std::max(v, 0.0f) * invFullWell + readVar);
            }
            if (lut) {
                Out* o = out.ptr<Out>(y);
                for (int x = 0; x < n3; ++x)
                    o[x] = (*lut)[static_cast<int>(std::clamp(noisy[x], 0.0f, 1.0f) * lutScale + 0.5f)];
            }
        }
    });
}

cv::Mat SimulatedStudioCamera::exposeLinear(bool live) {
    cv::Mat out;
    expose<float>(live, out, nullptr);
    return out;
}

cv::Mat SimulatedStudioCamera::exposeEncoded(bool live, int depth) {
    // A table instead of pow() per value: the sRGB curve at 16384 (8 bit) / 65536 (16 bit)
    // linear steps is finer than one output level everywhere but the deepest blacks.
    cv::Mat out;
    if (depth == CV_8U) {
        if (lut8_.empty()) {
            lut8_.resize(16384);
            for (size_t i = 0; i < lut8_.size(); ++i)
                lut8_[i] = cv::saturate_cast<uint8_t>(srgbEncode(float(i) / float(lut8_.size() - 1)) * 255.0f);
        }
        expose<uint8_t>(live, out, &lut8_);
    } else {
        if (lut16_.empty()) {
            lut16_.resize(65536);
            for (size_t i = 0; i < lut16_.size(); ++i)
                lut16_[i] = cv::saturate_cast<uint16_t>(srgbEncode(float(i) / float(lut16_.size() - 1)) * 65535.0f);
        }
        expose<uint16_t>(live, out, &lut16_);
    }
    return out;
}

LiveFrame SimulatedStudioCamera::liveFrame() {
    LiveFrame f;
    f.image = exposeEncoded(true, CV_8U);
    cv::imencode(".jpg", f.image, f.jpeg, {cv::IMWRITE_JPEG_QUALITY, 80});
    f.sequence = ++liveSequence_;
    f.at = std::chrono::steady_clock::now();
    return f;
}

std::vector<CameraFileRef> SimulatedStudioCamera::writeToCard() {
    const std::string& format = settings_.at(SettingKind::ImageFormat).value;
    char stem[32];
    std::snprintf(stem, sizeof stem, "FCT_%04d", ++shotNumber_);
    std::vector<CameraFileRef> files;
    const bool raw = format == "RAW" || format == "RAW+JPEG", jpeg = format == "JPEG" || format == "RAW+JPEG";
    // One exposure per shot: both files of a RAW+JPEG pair come from the same frame.
    cv::Mat frame16 = raw ? exposeEncoded(false, CV_16U) : cv::Mat();
    if (raw) {
        // The simulated body's RAW: lossless 16-bit sRGB TIFF (no mosaic, nothing thrown away),
        // uncompressed: LZW gains nothing on sensor noise and cost the simulated body 2 s a shot,
        // far slower than a real camera's write.
        std::vector<uint8_t> bytes;
        cv::imencode(".tif", frame16, bytes, {cv::IMWRITE_TIFF_COMPRESSION, 1});
        std::string name = std::string(stem) + ".TIF";
        card_[name] = std::move(bytes);
        files.push_back({"", name});
    }
    if (jpeg) {
        cv::Mat frame8;
        if (raw) frame16.convertTo(frame8, CV_8U, 1.0 / 257.0);
        else frame8 = exposeEncoded(false, CV_8U);
        std::vector<uint8_t> bytes;
        cv::imencode(".jpg", frame8, bytes, {cv::IMWRITE_JPEG_QUALITY, 95});
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
