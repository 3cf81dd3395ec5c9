#include "gui/station.hpp"

#include "gui/live_checks_link.hpp"
#include "gui/live_view_layers.hpp"
#include "pipeline/cutout_export.hpp"
#include "pipeline/errors.hpp"
#include "pipeline/frame_background.hpp"
#include "pipeline/image.hpp"
#include "pipeline/image_io.hpp"
#include "pipeline/preview_matte.hpp"
#include "pipeline/srgb.hpp"
#include "profiles/camera_settings_plan.hpp"
#include "profiles/cutout_params_from.hpp"
#include "profiles/profile_loader.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

namespace facet::station {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

cv::Mat rgbaFromLinear(const cv::Mat& linear, const cv::Mat& alpha) {
    cv::Mat bgr8 = linearToSrgb(linear, CV_8U), rgba;
    cv::cvtColor(bgr8, rgba, cv::COLOR_BGR2RGBA);
    if (!alpha.empty()) {
        cv::Mat a8;
        alpha.convertTo(a8, CV_8U, 255.0);
        cv::insertChannel(a8, rgba, 3);
    }
    return rgba;
}

}  // namespace

struct Station::Impl {
    Station& owner;
    StationOptions options;
    std::unique_ptr<StationCamera> camera;

    mutable std::mutex mutex;  // guards everything below up to the threads
    std::shared_ptr<const LiveSnapshot> live;
    std::shared_ptr<const CutoutSnapshot> cutout;
    StationStatus status;
    Profile profile;
    Collection collection;
    cv::Mat plateLinear, backlitPlateLinear;  // averaged, capture size, half precision (CV_16FC3)
    cv::Mat plateLive;                        // plate as live-view sRGB 8-bit (for PreviewMatte)
    bool plateRestart = false;                // a new plate sequence began: the worker drops its sum
    cv::Mat plateSum;                         // worker thread only
    int plateCount = 0;                       // worker thread only
    std::set<uint64_t> previewShown;          // worker thread only: captures whose preview came from the JPEG first
    cv::Mat previewPlate;                     // worker thread only: the plate at preview size
    const uchar* previewPlateSource = nullptr;
    enum class Step { Idle, PlateFrames, BacklitPlateWait, BacklitPlateFrames, BacklitShotWait } step = Step::Idle;
    uint64_t nextCaptureId = 1;
    uint64_t profileGeneration = 1;  // bumped on every profile change: the live checks take new limits
    uint64_t appliedGeneration = 0;  // the profile generation whose camera settings were applied
    std::map<uint64_t, Clock::time_point> requestedAt;
    std::string pendingShotPath;              // dual: the front-lit shot waiting for its backlit pair
    uint64_t pendingShotId = 0;

    std::atomic<bool> stopping{false};
    std::thread liveThread, workThread;

    std::mutex listenerMutex;  // guards listener alone: it is called with or without `mutex` held
    std::function<void()> listener;

    // Something the window shows changed: count it and wake the window.
    void changed() {
        ++owner.changes_;
        std::lock_guard lock(listenerMutex);
        if (listener) listener();
    }

    Impl(Station& o, StationOptions opts)
        : owner(o), options(std::move(opts)), collection(options.collectionFolder) {}

    void log(const std::string& line) {  // mutex held
        status.log.push_back(line);
        if (status.log.size() > 40) status.log.erase(status.log.begin());
        changed();
    }

    void loadProfileNamed(const std::string& name) {  // mutex held
        try {
            profile = loadProfile(name);
            status.profileError.clear();
            log("profile " + profile.name + " loaded");
        } catch (const std::exception& e) {
            status.profileError = std::string(e.what()) + "\nThe station keeps the settings of profile '" +
                                  (profile.name.empty() ? "built-in defaults" : profile.name) +
                                  "'. Fix the file or pick another profile.";
            log("profile '" + name + "' failed to load");
        }
        ++profileGeneration;
        status.profileName = profile.name.empty() ? "(defaults)" : profile.name;
        status.profileTitle = profile.title;
        status.backgroundModel = backgroundModelName(profile.pipeline.background);
        status.profileSummary = profile.guidance.summary;
        status.profileLights = profile.guidance.lights;
        status.profileTips = profile.guidance.tips;
        status.plateFramesWanted = std::max(1, profile.pipeline.plateFrames);
        collection.setLimits({profile.checks.backgroundMaxDeltaE, profile.checks.backgroundMaxLightnessDrift});
    }

    bool dual() const { return profile.pipeline.background == BackgroundModel::Dual; }

    // ---------------------------------------------------------------- live worker
    void liveLoop() {
        PreviewMatte matte;
        std::unique_ptr<LiveChecksLink> checks;
        uint64_t checksFor = 0;
        cv::Mat scratch;
        uint64_t lastFrame = 0;
        uint32_t lastOverlays = ~0u;
        std::shared_ptr<LiveSnapshot> previous;
        Clock::time_point fpsStart = Clock::now();
        uint64_t fpsFrames = 0, fpsFirst = 0;
        double fps = 0;
        while (!stopping) {
            auto frame = camera->newestFrame();
            const uint32_t overlays = owner.overlays_.load();
            if (!frame || frame->bgr.empty() || (frame->number == lastFrame && overlays == lastOverlays)) {
                std::this_thread::sleep_for(std::chrono::milliseconds(3));
                continue;
            }
            if (frame->number == lastFrame && previous) {
                // Only the overlay choice changed: recompose the same frame.
                auto snap = std::make_shared<LiveSnapshot>(*previous);
                snap->display = cv::Mat();  // a fresh buffer: the published one may be on its way to the GPU
                addOverlayLayers(*snap, overlays, scratch);
                composeDisplay(*snap, overlays, snap->display);
                snap->displayOverlays = overlays;
                lastOverlays = overlays;
                previous = snap;
                publishLive(snap);
                continue;
            }
            const auto t0 = Clock::now();
            cv::Mat plate;
            CheckThresholds thresholds;
            uint64_t generation = 0;
            {
                std::lock_guard lock(mutex);
                plate = plateLive;
                thresholds = profile.checks;
                generation = profileGeneration;
            }
            if (!checks || generation != checksFor) {
                checks = std::make_unique<LiveChecksLink>(thresholds);
                checksFor = generation;
            }
            if (!plate.empty() && plate.size() != frame->bgr.size()) plate.release();
            auto snap = std::make_shared<LiveSnapshot>();
            snap->frameNumber = frame->number;
            snap->frame = frame->bgr;
            snap->matte = matte.compute(frame->bgr, plate).clone();
            addOverlayLayers(*snap, overlays, scratch);
            lumaHistograms(snap->frame, snap->matte, snap->frameHistogram, snap->backgroundHistogram);
            try {
                checks->run(snap->frame, snap->matte, plate, *snap);
            } catch (const std::exception& e) {
                snap->checksAvailable = true;
                snap->checks = {{"Checks", Verdict::Unknown, std::string("the checks failed on this frame: ") + e.what()}};
            }
            composeDisplay(*snap, overlays, snap->display);
            snap->displayOverlays = overlays;
            snap->pipelineMs = msSince(t0);
            // Frames per second from the camera's own frame count over the last second or so.
            if (fpsFrames == 0) fpsFirst = frame->number;
            ++fpsFrames;
            const double span = std::chrono::duration<double>(Clock::now() - fpsStart).count();
            if (span > 1.0) {
                fps = (frame->number - fpsFirst) / span;
                fpsStart = Clock::now();
                fpsFrames = 0;
            }
            snap->cameraFps = fps;
            lastFrame = frame->number;
            lastOverlays = overlays;
            previous = snap;
            publishLive(snap);
        }
    }

    void publishLive(std::shared_ptr<const LiveSnapshot> snap) {
        std::lock_guard lock(mutex);
        status.liveFps = snap->cameraFps;
        status.pipelineMs = snap->pipelineMs;
        live = std::move(snap);
        changed();
    }

    // ---------------------------------------------------------------- capture / cutout worker
    void workLoop() {
        Clock::time_point lastDiskCheck{};
        while (!stopping) {
            if (msSince(lastDiskCheck) > 1000) {
                checkDisk();
                lastDiskCheck = Clock::now();
            }
            for (auto& outcome : camera->takeFinishedCaptures()) handle(outcome);
            applyProfileToCamera();
            {
                const CameraStatus now = camera->status();
                std::lock_guard lock(mutex);
                if (now.state != status.camera.state || now.message != status.camera.message || now.model != status.camera.model) {
                    status.camera = now;
                    changed();
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }

    // The profile's exposure and file settings, on the camera actually connected: what it lacks is
    // said, and the nearest choice it has is taken (profiles/camera_settings_plan.hpp). Done once
    // per profile, as soon as the camera reports its settings.
    void applyProfileToCamera() {
        CameraSettings wanted;
        {
            std::lock_guard lock(mutex);
            if (appliedGeneration == profileGeneration) return;
            wanted = profile.camera;
        }
        const auto settings = camera->settings();
        if (settings.empty()) return;
        AvailableSettings available;
        for (const auto& s : settings) {
            std::string key = s.name;
            std::replace(key.begin(), key.end(), '-', '_');
            if (s.writable && !s.choices.empty()) available[key] = s.choices;
        }
        const CameraSettingsPlan plan = planCameraSettings(wanted, available);
        for (const auto& [key, value] : plan.apply) {
            std::string name = key;
            std::replace(name.begin(), name.end(), '_', '-');
            camera->changeSetting(name, value);
        }
        std::lock_guard lock(mutex);
        appliedGeneration = profileGeneration;
        log("camera set for profile " + profile.name + " (" + std::to_string(plan.apply.size()) + " settings)");
        for (const auto& w : plan.warnings) log("camera: " + w);
    }

    void checkDisk() {
        std::error_code ec;
        const auto space = fs::space(options.collectionFolder, ec);
        std::lock_guard lock(mutex);
        status.diskFreeGb = ec ? -1 : double(space.available) / 1e9;
    }

    void handle(const CaptureOutcome& outcome) {
        if (outcome.previewOnly) {
            if (outcome.role == ShotRole::Shot) previewFromJpeg(outcome);
            return;
        }
        if (!outcome.ok) {
            previewShown.erase(outcome.id);
            std::lock_guard lock(mutex);
            log(std::string(shotRoleName(outcome.role)) + " failed: " + outcome.message);
            if (outcome.role == ShotRole::Shot || outcome.role == ShotRole::BacklitShot) {
                auto snap = std::make_shared<CutoutSnapshot>();
                snap->captureId = outcome.id;
                snap->error = outcome.message;
                cutout = snap;
                owner.capturesFinished_++;
            }
            step = Step::Idle;
            status.guidance = {};
            return;
        }
        switch (outcome.role) {
            case ShotRole::Plate:
            case ShotRole::BacklitPlate: addPlateFrame(outcome); break;
            case ShotRole::Shot:
                if (isDual()) {
                    std::lock_guard lock(mutex);
                    pendingShotPath = outcome.path;
                    pendingShotId = outcome.id;
                    step = Step::BacklitShotWait;
                    status.guidance = {true, "Switch the backlight ON (front light as it is or dimmed), keep the piece "
                                             "still, then press Space for the backlit frame"};
                    log("front-lit frame saved: " + outcome.path);
                    return;
                }
                makeCutoutFor(outcome, "");
                break;
            case ShotRole::BacklitShot: {
                std::string front;
                {
                    std::lock_guard lock(mutex);
                    front = pendingShotPath;
                    status.guidance = {};
                    step = Step::Idle;
                }
                CaptureOutcome frontOutcome = outcome;
                frontOutcome.path = front;
                makeCutoutFor(frontOutcome, outcome.path);
                break;
            }
        }
    }

    bool isDual() {
        std::lock_guard lock(mutex);
        return dual();
    }

    // Sums run on this (worker) thread without the lock: at 24 MP one frame is ~50 ms of
    // arithmetic, and the window reads the status under that lock every frame.
    void addPlateFrame(const CaptureOutcome& outcome) {
        SlowLiveView slow(*this);
        cv::Mat linear;
        try {
            linear = loadImage(outcome.path).linear;
        } catch (const std::exception& e) {
            std::lock_guard lock(mutex);
            log(std::string("plate frame unreadable: ") + e.what());
            step = Step::Idle;
            status.guidance = {};
            return;
        }
        int wanted;
        cv::Size liveSize;
        {
            std::lock_guard lock(mutex);
            if (plateRestart) {
                plateSum.release();
                plateCount = 0;
                plateRestart = false;
            }
            wanted = status.plateFramesWanted;
            if (live && !live->frame.empty()) liveSize = live->frame.size();
        }
        if (plateSum.empty() || plateSum.size() != linear.size()) {
            plateSum = cv::Mat::zeros(linear.size(), CV_32FC3);
            plateCount = 0;
        }
        plateSum += linear;
        ++plateCount;
        cv::Mat averaged, live8;
        const int frames = plateCount;
        if (frames >= wanted) {
            averaged = plateSum / double(frames);
            plateSum.release();
            plateCount = 0;
            if (outcome.role == ShotRole::Plate) {
                live8 = linearToSrgb(averaged, CV_8U);
                if (liveSize.area() > 0) cv::resize(live8, live8, liveSize, 0, 0, cv::INTER_AREA);
            }
        }
        std::lock_guard lock(mutex);
        status.plateFramesDone = frames;
        changed();
        if (averaged.empty()) return;
        if (outcome.role == ShotRole::Plate) {
            plateLinear = halfPrecisionPlate(averaged);  // held all session: half precision (image.hpp)
            plateLive = live8;
            status.plateReady = true;
            log("clean plate ready (" + std::to_string(frames) + " frames averaged)");
            if (dual()) {
                step = Step::BacklitPlateWait;
                status.guidance = {true, "Switch the backlight ON, leave the set empty, then press P for the backlit plate"};
            } else {
                step = Step::Idle;
                status.guidance = {};
            }
        } else {
            backlitPlateLinear = halfPrecisionPlate(averaged);  // held all session: half precision (image.hpp)
            status.backlitPlateReady = true;
            step = Step::Idle;
            status.guidance = {true, "Plates ready. Switch the backlight OFF, place the piece, press Space"};
            log("backlit plate ready (" + std::to_string(frames) + " frames averaged)");
        }
    }

    // The live view slowed for as long as this lives (a cutout, a plate frame).
    struct SlowLiveView {
        Impl& s;
        explicit SlowLiveView(Impl& impl) : s(impl) { s.camera->setLiveFps(s.options.liveFpsWhileBusy); }
        ~SlowLiveView() { s.camera->setLiveFps(s.options.liveFps); }
    };

    // A cutout for the inspector from one makeCutout run.
    static void fillSnapshot(CutoutSnapshot& snap, const CutoutInputs& inputs, const CutoutResult& result) {
        snap.method = result.method;
        snap.review = result.review;
        for (const auto& n : result.notes) snap.notes.push_back(n);
        snap.shotRgba = rgbaFromLinear(inputs.shot, {});
        snap.cutoutRgba = rgbaFromLinear(result.foreground, result.alpha);
        cv::Mat lowConfidence;
        result.confidence.convertTo(lowConfidence, CV_8U, -200.0, 200.0);  // 1 -> 0, 0 -> 200
        std::vector<cv::Mat> channels = {cv::Mat(lowConfidence.size(), CV_8U, cv::Scalar(255)),
                                         cv::Mat(lowConfidence.size(), CV_8U, cv::Scalar(40)),
                                         cv::Mat(lowConfidence.size(), CV_8U, cv::Scalar(40)), lowConfidence};
        cv::merge(channels, snap.confidenceRgba);
    }

    void publishCutout(std::shared_ptr<const CutoutSnapshot> snap) {
        std::lock_guard lock(mutex);
        log("cutout " + std::to_string(snap->captureId) + (snap->preview ? " preview" : "") + " (" + snap->method +
            ") shown " + std::to_string(int(snap->captureToShownMs)) + " ms after the capture, " +
            std::to_string(int(snap->fileToShownMs)) + " ms after its files were on disk");
        cutout = std::move(snap);
        changed();
    }

    // The JPEG of a RAW+JPEG pair is on disk and the RAW still on its way: the preview cutout now,
    // while the camera link downloads and saves the RAW.
    void previewFromJpeg(const CaptureOutcome& jpeg) {
        const Clock::time_point onDisk = Clock::now();
        CutoutParams params;
        cv::Mat plate;
        Clock::time_point requested = onDisk;
        {
            std::lock_guard lock(mutex);
            if (dual()) return;  // a dual cutout waits for its backlit pair
            params = cutoutParamsFrom(profile);
            plate = plateLinear;
            if (requestedAt.count(jpeg.id)) requested = requestedAt[jpeg.id];
        }
        CutoutSnapshot base;
        base.captureId = jpeg.id;
        base.shotPath = jpeg.previewPath;
        base.cameraMs = jpeg.cameraMs;
        base.savedMs = jpeg.savedMs;
        SlowLiveView slow(*this);
        if (showPreview(jpeg, plate, params, requested, onDisk, base)) previewShown.insert(jpeg.id);
    }

    // Publishes a preview cutout of a big shot from its JPEG; false when there is none to show.
    bool showPreview(const CaptureOutcome& shot, const cv::Mat& plate, const CutoutParams& params,
                     Clock::time_point requested, Clock::time_point onDisk, const CutoutSnapshot& base) {
        if (shot.previewPath.empty()) return false;  // no JPEG beside the shot: the full cutout is the first look
        const auto t0 = Clock::now();
        const int longEdge = options.previewLongEdgePx;
        cv::Mat encoded = cv::imread(shot.previewPath, cv::IMREAD_REDUCED_COLOR_4);  // scaled while decoding
        if (encoded.empty() || std::max(encoded.cols, encoded.rows) * 4 <= longEdge) return false;  // small shot
        if (std::max(encoded.cols, encoded.rows) > longEdge) {
            const double s = double(longEdge) / std::max(encoded.cols, encoded.rows);
            cv::resize(encoded, encoded, cv::Size(), s, s, cv::INTER_AREA);
        }
        CutoutInputs small;
        small.shot = srgbToLinear(encoded);
        small.codeAtBlack = codeAtBlack(8, "jpeg");
        if (!plate.empty()) small.plate = plateAt(plate, small.shot.size());
        auto preview = std::make_shared<CutoutSnapshot>(base);
        preview->preview = true;
        preview->notes = {"preview at " + std::to_string(small.shot.cols) + " px wide from the camera's JPEG: "
                          "the full-resolution cutout follows"};
        try {
            fillSnapshot(*preview, small, makeCutout(small, params));
        } catch (const std::exception&) {
            return false;  // the full cutout reports what is wrong
        }
        preview->cutoutMs = msSince(t0);
        preview->captureToShownMs = msSince(requested);
        preview->fileToShownMs = msSince(onDisk);
        publishCutout(preview);
        return true;
    }

    // The plate at preview size, kept between captures (resizing 24 MP each time costs a second).
    cv::Mat plateAt(const cv::Mat& plate, cv::Size size) {
        if (previewPlateSource != plate.data || previewPlate.size() != size) {
            // cv::resize takes no half floats: the plate converted once, then reduced.
            cv::resize(plateRegion(plate, cv::Rect({0, 0}, plate.size())), previewPlate, size, 0, 0, cv::INTER_AREA);
            previewPlateSource = plate.data;
        }
        return previewPlate;
    }

    void makeCutoutFor(const CaptureOutcome& shot, const std::string& backlitPath) {
        const Clock::time_point onDisk = Clock::now();  // the camera link reports a capture once its files are kept
        std::optional<SlowLiveView> slow(std::in_place, *this);
        std::vector<std::string> notes;
        CutoutInputs inputs;
        CutoutParams params;
        Clock::time_point requested = Clock::now();
        {
            std::lock_guard lock(mutex);
            status.cutoutRunning = true;
            params = cutoutParamsFrom(profile);
            inputs.plate = plateLinear;
            if (!backlitPath.empty()) inputs.backlitPlate = backlitPlateLinear;
            if (requestedAt.count(shot.id)) requested = requestedAt[shot.id];
        }
        auto snap = std::make_shared<CutoutSnapshot>();
        snap->captureId = shot.id;
        snap->shotPath = shot.path;
        snap->cameraMs = shot.cameraMs;
        snap->savedMs = shot.savedMs;
        CutoutResult result;
        try {
            // A big shot is cut out at preview size first, from the camera's JPEG when there is one
            // (decoded at a quarter size straight from the file), so the photographer sees the
            // result within a few seconds; the full-resolution cutout replaces it when done.
            // (Shown already when the JPEG came first.)
            if (backlitPath.empty() && !previewShown.erase(shot.id))
                showPreview(shot, inputs.plate, params, requested, onDisk, *snap);
            {
                const LoadedImage loaded = loadImage(shot.path);
                inputs.shot = loaded.linear;
                inputs.codeAtBlack = codeAtBlack(loaded);
            }
            if (!inputs.plate.empty() && inputs.plate.size() != inputs.shot.size()) {
                notes.push_back("the clean plate has another size than this shot: cut out without it; "
                                "capture a new plate (P)");
                inputs.plate.release();
            }
            if (!backlitPath.empty()) {
                inputs.backlitShot = loadImage(backlitPath).linear;
                if (inputs.plate.empty() || inputs.backlitPlate.empty() ||
                    inputs.backlitPlate.size() != inputs.shot.size()) {
                    notes.push_back("dual capture needs both plates (P, then P with the backlight on): "
                                    "cut out from the front-lit frame alone");
                    inputs.backlitShot.release();
                    inputs.backlitPlate.release();
                }
            }
            requireDarkSet(inputs.shot, shot.path);
            const auto t0 = Clock::now();
            result = makeCutout(inputs, params);
            snap->cutoutMs = msSince(t0);
            snap->notes = notes;
            fillSnapshot(*snap, inputs, result);
        } catch (const std::exception& e) {
            snap->error = std::string("the cutout failed: ") + e.what() +
                          ". The shot is safe on disk; check the plate and the profile, then capture again.";
        }
        snap->captureToShownMs = msSince(requested);
        snap->fileToShownMs = msSince(onDisk);
        if (snap->error.empty()) publishCutout(snap);
        slow.reset();  // shown: saving it may share the cores with the live view

        // Shown first, then kept: the 16-bit file of a 24 MP cutout takes seconds to write.
        CollectionEntry entry;
        if (snap->error.empty()) {
            entry.captureId = shot.id;
            entry.shotPath = shot.path;
            entry.cutoutPath = (fs::path(shot.path).parent_path() / (fs::path(shot.path).stem().string() + "-cutout.png")).string();
            try {
                saveCutout(entry.cutoutPath, result.foreground, result.alpha);
            } catch (const std::exception& e) {
                std::lock_guard lock(mutex);
                log(std::string("the cutout was not saved: ") + e.what());
                entry.cutoutPath.clear();
            }
            entry.backgroundLab = meanBackgroundLab(inputs.shot, result.alpha);
            cv::Mat grey = linearToSrgb(compositeOver(result.foreground, result.alpha, cv::Scalar(0.18, 0.18, 0.18)), CV_8U);
            const double scale = 160.0 / grey.cols;
            cv::resize(grey, grey, cv::Size(), scale, scale, cv::INTER_AREA);
            cv::cvtColor(grey, entry.thumbnail, cv::COLOR_BGR2RGBA);
        }
        std::lock_guard lock(mutex);
        status.cutoutRunning = false;
        requestedAt.erase(shot.id);
        if (snap->error.empty()) {
            const auto& added = collection.add(std::move(entry));
            log("capture " + std::to_string(shot.id) + ": " + added.consistencyMessage);
            saveCollection();
        } else {
            log(snap->error);
            cutout = snap;
        }
        owner.capturesFinished_++;
        changed();
    }

    void saveCollection() {  // mutex held
        try {
            collection.save();
        } catch (const std::exception& e) {
            log(std::string("collection not saved: ") + e.what());
        }
    }

    // ---------------------------------------------------------------- commands
    std::string refuseCapture() {  // mutex held; empty when a capture may go ahead
        if (status.diskFreeGb >= 0 && status.diskFreeGb < options.minFreeGb) {
            char text[300];
            std::snprintf(text, sizeof text,
                          "disk full: %.0f MB left in %s. Free space there or restart with --collection on another disk.",
                          status.diskFreeGb * 1000, options.collectionFolder.c_str());
            return text;
        }
        const auto cam = camera->status();
        if (cam.state == CameraState::NoCamera || cam.state == CameraState::Unplugged || cam.state == CameraState::Failed)
            return std::string("cannot capture: camera ") + cameraStateName(cam.state) + (cam.message.empty() ? "" : ": " + cam.message);
        return "";
    }

    void request(ShotRole role) {  // mutex held
        CaptureRequest r;
        r.id = nextCaptureId++;
        r.role = role;
        r.folder = options.collectionFolder;
        char stem[64];
        std::snprintf(stem, sizeof stem, "%s-%04llu", shotRoleName(role), (unsigned long long)r.id);
        r.stem = stem;
        requestedAt[r.id] = Clock::now();
        camera->capture(r);
    }
};

Station::Station(StationOptions options)
    : Station(options, openStationCamera(options.camera, options.port, options.simCaptureSize)) {}

Station::Station(StationOptions options, std::unique_ptr<StationCamera> camera)
    : impl_(std::make_unique<Impl>(*this, std::move(options))) {
    auto& s = *impl_;
    std::error_code ec;
    fs::create_directories(s.options.collectionFolder, ec);
    {
        std::lock_guard lock(s.mutex);
        s.status.collectionFolder = s.options.collectionFolder;
        if (ec) s.log("cannot create the collection folder " + s.options.collectionFolder + ": " + ec.message());
        s.loadProfileNamed(s.options.profile);
    }
    s.camera = std::move(camera);
    s.camera->setLiveFps(s.options.liveFps);
    s.status.camera = s.camera->status();
    s.liveThread = std::thread([&s] { s.liveLoop(); });
    s.workThread = std::thread([&s] { s.workLoop(); });
}

Station::~Station() {
    impl_->stopping = true;
    if (impl_->liveThread.joinable()) impl_->liveThread.join();
    if (impl_->workThread.joinable()) impl_->workThread.join();
}

void Station::setChangeListener(std::function<void()> listener) {
    std::lock_guard lock(impl_->listenerMutex);
    impl_->listener = std::move(listener);
}

std::shared_ptr<const LiveSnapshot> Station::live() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->live;
}

std::shared_ptr<const CutoutSnapshot> Station::cutout() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->cutout;
}

StationStatus Station::status() const {
    std::lock_guard lock(impl_->mutex);
    StationStatus s = impl_->status;
    s.problems.clear();
    const auto& cam = s.camera;
    if (cam.state == CameraState::NoCamera || cam.state == CameraState::Unplugged || cam.state == CameraState::Failed)
        s.problems.push_back((cam.state == CameraState::NoCamera ? std::string("No camera") : std::string("Camera ") + cameraStateName(cam.state)) + ": " +
                             (cam.message.empty() ? "check the cable and that the camera is on" : cam.message));
    if (!s.profileError.empty()) s.problems.push_back("Profile: " + s.profileError);
    if (s.diskFreeGb >= 0 && s.diskFreeGb < impl_->options.minFreeGb) s.problems.push_back(impl_->refuseCapture());
    return s;
}

std::vector<CameraSetting> Station::cameraSettings() const { return impl_->camera->settings(); }

std::vector<CollectionEntry> Station::collection() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->collection.entries();
}

bool Station::strictCollection() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->collection.strict();
}

std::vector<std::string> Station::profileNames() const {
    std::vector<std::string> names;
    try {
        for (const auto& p : ProfileLibrary::standard().list())
            if (!p.shadowed) names.push_back(p.name);
    } catch (const std::exception&) {
    }
    return names;
}

void Station::capture() {
    auto& s = *impl_;
    std::lock_guard lock(s.mutex);
    if (auto why = s.refuseCapture(); !why.empty()) {
        s.log(why);
        return;
    }
    if (s.step == Impl::Step::BacklitShotWait) {
        s.request(ShotRole::BacklitShot);
        s.status.guidance = {true, "Backlit frame requested..."};
        return;
    }
    if (s.step != Impl::Step::Idle) {
        s.log("finish the current step first: " + s.status.guidance.prompt);
        return;
    }
    s.request(ShotRole::Shot);
    s.log("capture requested");
}

void Station::capturePlate() {
    auto& s = *impl_;
    std::lock_guard lock(s.mutex);
    if (auto why = s.refuseCapture(); !why.empty()) {
        s.log(why);
        return;
    }
    ShotRole role = ShotRole::Plate;
    if (s.step == Impl::Step::BacklitPlateWait) {
        role = ShotRole::BacklitPlate;
        s.step = Impl::Step::BacklitPlateFrames;
    } else if (s.step == Impl::Step::Idle) {
        s.step = Impl::Step::PlateFrames;
    } else {
        s.log("finish the current step first: " + s.status.guidance.prompt);
        return;
    }
    s.plateRestart = true;
    s.status.plateFramesDone = 0;
    s.status.guidance = {true, std::string("Capturing the ") + (role == ShotRole::Plate ? "clean" : "backlit") +
                                   " plate: keep the set empty and still"};
    for (int i = 0; i < s.status.plateFramesWanted; ++i) s.request(role);
}

void Station::changeSetting(const std::string& name, const std::string& value) {
    impl_->camera->changeSetting(name, value);
    std::lock_guard lock(impl_->mutex);
    impl_->log("camera: " + name + " -> " + value);
}

void Station::selectProfile(const std::string& name) {
    std::lock_guard lock(impl_->mutex);
    impl_->loadProfileNamed(name);
}

void Station::accept(uint64_t id) {
    auto& s = *impl_;
    std::lock_guard lock(s.mutex);
    if (auto why = s.collection.accept(id); !why.empty())
        s.log(why);
    else
        s.log("capture " + std::to_string(id) + " accepted");
    s.saveCollection();
}

void Station::reject(uint64_t id) {
    auto& s = *impl_;
    std::lock_guard lock(s.mutex);
    s.collection.reject(id);
    s.log("capture " + std::to_string(id) + " rejected");
    s.saveCollection();
}

void Station::setStrictCollection(bool strict) {
    std::lock_guard lock(impl_->mutex);
    impl_->collection.setStrict(strict);
    impl_->log(strict ? "strict mode on: shots that do not match are rejected" : "strict mode off");
}

void Station::simulate(const std::string& what) {
    std::string why;
    const bool ok = impl_->camera->simulate(what, why);
    std::lock_guard lock(impl_->mutex);
    impl_->log(ok ? "simulated: " + what : "cannot simulate '" + what + "': " + why);
}

}  // namespace facet::station
