#include "capture/gphoto2_camera.hpp"

#include "capture/ptpip_line.hpp"

#include <gphoto2/gphoto2.h>

#include <opencv2/imgcodecs.hpp>

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

namespace facet::capture {

using namespace std::chrono_literals;

// libgphoto2's camera and context. Shared with a capture worker so that a capture we had to
// abandon (watchdog) can still finish, or fail, without touching freed memory.
struct Gphoto2Camera::Connection {
    ::Camera* camera = nullptr;
    GPContext* context = nullptr;
    std::mutex errorMutex;
    std::string lastError;  // the camera driver's own words for the last failure

    Connection() {
        context = gp_context_new();
        gp_context_set_error_func(context, &Connection::onError, this);
    }
    ~Connection() {
        if (camera) {
            gp_camera_exit(camera, context);
            gp_camera_unref(camera);
        }
        gp_context_unref(context);
    }
    static void onError(GPContext*, const char* text, void* self) {
        auto* c = static_cast<Connection*>(self);
        std::lock_guard lock(c->errorMutex);
        c->lastError = text ? text : "";
    }
    std::string takeError() {
        std::lock_guard lock(errorMutex);
        return std::exchange(lastError, {});
    }
};

namespace {

// Widget names by camera family, most specific first (see docs/capture.md).
const std::vector<std::string>& widgetCandidates(SettingKind kind) {
    static const std::map<SettingKind, std::vector<std::string>> names = {
        {SettingKind::Iso, {"iso", "isospeed", "exposureindex"}},
        {SettingKind::Shutter, {"shutterspeed", "shutterspeed2", "eos-shutterspeed"}},
        {SettingKind::Aperture, {"aperture", "f-number", "fnumber"}},
        {SettingKind::WhiteBalance, {"whitebalance"}},
        {SettingKind::ImageFormat, {"imageformat", "imagequality", "imageformatsd"}},
        {SettingKind::CaptureTarget, {"capturetarget"}},
        {SettingKind::Focus, {"focusdistance", "focusmode", "focusmode2"}},
        {SettingKind::Backlight, {}},  // studio lights are not on the camera's bus
    };
    return names.at(kind);
}

bool isJpeg(const char* data, unsigned long size) {
    return size > 3 && static_cast<unsigned char>(data[0]) == 0xFF && static_cast<unsigned char>(data[1]) == 0xD8;
}

struct FileHandle {
    CameraFile* file = nullptr;
    FileHandle() { gp_file_new(&file); }
    ~FileHandle() { gp_file_unref(file); }
};

struct WidgetHandle {
    CameraWidget* widget = nullptr;
    ~WidgetHandle() {
        if (widget) gp_widget_free(widget);
    }
};

bool looksLikeConnectionLoss(int rc) {
    switch (rc) {
        case GP_ERROR_IO:
        case GP_ERROR_IO_INIT:
        case GP_ERROR_IO_READ:
        case GP_ERROR_IO_WRITE:
        case GP_ERROR_IO_UPDATE:
        case GP_ERROR_IO_USB_CLEAR_HALT:
        case GP_ERROR_IO_USB_FIND:
        case GP_ERROR_IO_USB_CLAIM:
        case GP_ERROR_IO_LOCK:
        case GP_ERROR_TIMEOUT:
        case GP_ERROR_MODEL_NOT_FOUND:
        case GP_ERROR_CAMERA_ERROR:
            return true;
        default:
            return false;
    }
}

// FACET_GPHOTO2_LOG=1 sends libgphoto2's own debug log to stderr: the first thing to look at when a
// body misbehaves.
void enableLibraryLogOnRequest() {
    static bool done = false;
    if (done || !std::getenv("FACET_GPHOTO2_LOG")) return;
    done = true;
    gp_log_add_func(
        GP_LOG_DEBUG,
        [](GPLogLevel, const char* domain, const char* text, void*) { std::fprintf(stderr, "%s: %s\n", domain, text); },
        nullptr);
}

void watchLibraryErrors();

std::shared_ptr<Gphoto2Camera::Connection> openConnection(const Gphoto2Options& o, CameraInfo& info) {
    enableLibraryLogOnRequest();
    watchLibraryErrors();  // also ignores SIGPIPE: a camera that drops the link must not end the station
    auto c = std::make_shared<Gphoto2Camera::Connection>();
    gp_camera_new(&c->camera);
    std::string model = o.model, port = o.port;
    if (model.empty() || port.empty()) {
        auto found = detectGphoto2Cameras();
        if (found.empty())
            throw CameraError(CameraFault::Disconnected,
                              "no camera found: check the cable and that the camera is on (and not mounted "
                              "by the desktop: stop gvfs-gphoto2-volume-monitor)");
        if (model.empty()) model = found.front().model;
        if (port.empty()) port = found.front().port;
    }

    CameraAbilitiesList* abilities = nullptr;
    gp_abilities_list_new(&abilities);
    gp_abilities_list_load(abilities, c->context);
    int index = gp_abilities_list_lookup_model(abilities, model.c_str());
    if (index < 0) {
        gp_abilities_list_free(abilities);
        throw CameraError(CameraFault::NotSupported, "libgphoto2 does not know the camera model '" + model +
                                                         "' (see 'gphoto2 --list-cameras')");
    }
    CameraAbilities a;
    gp_abilities_list_get_abilities(abilities, index, &a);
    gp_abilities_list_free(abilities);
    gp_camera_set_abilities(c->camera, a);

    GPPortInfoList* ports = nullptr;
    gp_port_info_list_new(&ports);
    gp_port_info_list_load(ports);
    int p = gp_port_info_list_lookup_path(ports, port.c_str());
    if (p < 0) {
        gp_port_info_list_free(ports);
        throw CameraError(CameraFault::Disconnected, "no such camera port '" + port + "'");
    }
    GPPortInfo portInfo;
    gp_port_info_list_get_info(ports, p, &portInfo);
    gp_camera_set_port_info(c->camera, portInfo);
    gp_port_info_list_free(ports);

    int rc = gp_camera_init(c->camera, c->context);
    if (rc < GP_OK) {
        std::string detail = c->takeError();
        if (rc == GP_ERROR_IO_USB_CLAIM)
            throw CameraError(CameraFault::Disconnected,
                              "another program holds the camera (usually the desktop's auto-mounter): "
                              "stop gvfs-gphoto2-volume-monitor and try again");
        throw CameraError(CameraFault::Disconnected, "cannot open the camera " + model + " on " + port + ": " +
                                                         gp_result_as_string(rc) +
                                                         (detail.empty() ? "" : " (" + detail + ")"));
    }
    info = CameraInfo{model, port, "gphoto2"};
    return c;
}

}  // namespace

std::vector<CameraInfo> detectGphoto2Cameras() {
    std::vector<CameraInfo> out;
    GPContext* context = gp_context_new();
    CameraList* list = nullptr;
    gp_list_new(&list);
    if (gp_camera_autodetect(list, context) >= GP_OK) {
        for (int i = 0; i < gp_list_count(list); ++i) {
            const char* name = nullptr;
            const char* value = nullptr;
            gp_list_get_name(list, i, &name);
            gp_list_get_value(list, i, &value);
            out.push_back({name ? name : "", value ? value : "", "gphoto2"});
        }
    }
    gp_list_free(list);
    gp_context_unref(context);
    return out;
}

Gphoto2Camera::Gphoto2Camera(Gphoto2Options options) : options_(std::move(options)) {
    connection_ = openConnection(options_, info_);
    // Reopen the same body on the same port, even if it was found by autodetection.
    options_.model = info_.model;
    options_.port = info_.port;
}

Gphoto2Camera::~Gphoto2Camera() = default;

CameraInfo Gphoto2Camera::info() const { return info_; }

Gphoto2Camera::Connection& Gphoto2Camera::connection() {
    if (!connection_)
        throw CameraError(CameraFault::Disconnected,
                          "the camera " + info_.model + " is not connected: check the cable and power; "
                          "Facet reconnects when it is back");
    return *connection_;
}

void Gphoto2Camera::fail(int rc, const std::string& what) {
    std::string detail = connection_ ? connection_->takeError() : "";
    std::string message = what + ": " + gp_result_as_string(rc) + (detail.empty() ? "" : " (" + detail + ")");
    if (rc == GP_ERROR_CAMERA_BUSY) throw CameraError(CameraFault::Busy, message + "; the camera stayed busy");
    if (detail.find("Store Full") != std::string::npos || detail.find("Store full") != std::string::npos)
        throw CameraError(CameraFault::StoreFull,
                          what + ": the camera's card is full; free space on it or switch the capture target");
    if (rc == GP_ERROR_NOT_SUPPORTED) throw CameraError(CameraFault::NotSupported, message);
    // A generic PTP error is what a dropped link looks like too: ask the camera something cheap.
    bool lost = looksLikeConnectionLoss(rc);
    if (!lost && connection_) {
        CameraStorageInformation* storage = nullptr;
        int n = 0;
        int ping = gp_camera_get_storageinfo(connection_->camera, &storage, &n, connection_->context);
        if (storage) std::free(storage);
        connection_->takeError();
        lost = ping < GP_OK;
    }
    if (lost) {
        connection_.reset();
        throw CameraError(CameraFault::Disconnected,
                          what + ": the camera disconnected (" + message + "); check the cable and power, "
                          "Facet reconnects when it is back");
    }
    throw CameraError(CameraFault::Failed, message);
}

bool Gphoto2Camera::reopen() {
    try {
        connection_.reset();
        CameraInfo info;
        connection_ = openConnection(options_, info);
        return true;
    } catch (const CameraError&) {
        connection_.reset();
        return false;
    }
}

std::optional<std::string> Gphoto2Camera::widgetFor(SettingKind kind) {
    auto known = widgets_.find(kind);
    if (known != widgets_.end()) return known->second;
    Connection& c = connection();
    std::optional<std::string> found;
    for (const auto& name : widgetCandidates(kind)) {
        WidgetHandle w;
        if (gp_camera_get_single_config(c.camera, name.c_str(), &w.widget, c.context) >= GP_OK) {
            found = name;
            break;
        }
    }
    c.takeError();
    widgets_[kind] = found;
    return found;
}

namespace {

Setting readWidget(SettingKind kind, const std::string& name, CameraWidget* w) {
    Setting s;
    s.kind = kind;
    s.widget = name;
    int readOnly = 0;
    gp_widget_get_readonly(w, &readOnly);
    s.readOnly = readOnly != 0;
    CameraWidgetType type;
    gp_widget_get_type(w, &type);
    switch (type) {
        case GP_WIDGET_RADIO:
        case GP_WIDGET_MENU: {
            const char* value = nullptr;
            gp_widget_get_value(w, &value);
            s.value = value ? value : "";
            for (int i = 0; i < gp_widget_count_choices(w); ++i) {
                const char* choice = nullptr;
                if (gp_widget_get_choice(w, i, &choice) >= GP_OK && choice) s.choices.push_back(choice);
            }
            break;
        }
        case GP_WIDGET_TEXT: {
            const char* value = nullptr;
            gp_widget_get_value(w, &value);
            s.value = value ? value : "";
            break;
        }
        case GP_WIDGET_RANGE: {
            float value = 0, min = 0, max = 0, step = 0;
            gp_widget_get_value(w, &value);
            gp_widget_get_range(w, &min, &max, &step);
            s.value = std::to_string(value);
            s.range = SettingRange{min, max, step};
            break;
        }
        case GP_WIDGET_TOGGLE: {
            int value = 0;
            gp_widget_get_value(w, &value);
            s.value = value ? "on" : "off";
            s.choices = {"off", "on"};
            break;
        }
        default:
            s.readOnly = true;
            break;
    }
    return s;
}

}  // namespace

Setting Gphoto2Camera::setting(SettingKind kind) {
    auto name = widgetFor(kind);
    if (!name) throw CameraError(CameraFault::NotSupported, info_.model + " has no " + settingName(kind) + " setting");
    Connection& c = connection();
    WidgetHandle w;
    int rc = gp_camera_get_single_config(c.camera, name->c_str(), &w.widget, c.context);
    if (rc < GP_OK) fail(rc, "reading " + settingName(kind));
    return readWidget(kind, *name, w.widget);
}

std::vector<Setting> Gphoto2Camera::settings() {
    std::vector<Setting> out;
    for (SettingKind kind : allSettingKinds()) {
        if (!widgetFor(kind)) continue;
        out.push_back(setting(kind));
    }
    return out;
}

void Gphoto2Camera::set(SettingKind kind, const std::string& value) {
    Setting current = setting(kind);
    if (current.readOnly)
        throw CameraError(CameraFault::NotSupported, settingName(kind) + " is read-only on " + info_.model);
    if (!current.choices.empty() && !current.offers(value)) {
        std::string list;
        for (const auto& c : current.choices) list += (list.empty() ? "" : ", ") + c;
        throw CameraError(CameraFault::InvalidValue, info_.model + " offers no " + settingName(kind) + " '" + value +
                                                         "'; it offers: " + list);
    }
    Connection& c = connection();
    WidgetHandle w;
    int rc = gp_camera_get_single_config(c.camera, current.widget.c_str(), &w.widget, c.context);
    if (rc < GP_OK) fail(rc, "reading " + settingName(kind));
    CameraWidgetType type;
    gp_widget_get_type(w.widget, &type);
    if (type == GP_WIDGET_RANGE) {
        char* end = nullptr;
        float v = std::strtof(value.c_str(), &end);
        if (end == value.c_str() || v < current.range->min || v > current.range->max)
            throw CameraError(CameraFault::InvalidValue, settingName(kind) + " must be a number from " +
                                                             std::to_string(current.range->min) + " to " +
                                                             std::to_string(current.range->max));
        rc = gp_widget_set_value(w.widget, &v);
    } else if (type == GP_WIDGET_TOGGLE) {
        int v = value == "on" || value == "1";
        rc = gp_widget_set_value(w.widget, &v);
    } else {
        rc = gp_widget_set_value(w.widget, value.c_str());
    }
    if (rc >= GP_OK) rc = gp_camera_set_single_config(c.camera, current.widget.c_str(), w.widget, c.context);
    if (rc < GP_OK) fail(rc, "setting " + settingName(kind) + " to " + value);
}

LiveFrame Gphoto2Camera::liveFrame() {
    auto backoff = options_.busyBackoff;
    for (int attempt = 0;; ++attempt) {
        Connection& c = connection();
        FileHandle f;
        int rc = gp_camera_capture_preview(c.camera, f.file, c.context);
        if (rc == GP_ERROR_CAMERA_BUSY && attempt < options_.busyRetries) {
            c.takeError();
            std::this_thread::sleep_for(backoff);
            backoff *= 2;
            continue;
        }
        if (rc < GP_OK) fail(rc, "live view");
        const char* data = nullptr;
        unsigned long size = 0;
        gp_file_get_data_and_size(f.file, &data, &size);
        // The generic PTP stream path labels frames unknown/unknown: trust the bytes, not the MIME.
        if (!isJpeg(data, size))
            throw CameraError(CameraFault::Failed, "live view frame from " + info_.model + " is not a JPEG");
        LiveFrame frame;
        frame.jpeg.assign(reinterpret_cast<const uint8_t*>(data), reinterpret_cast<const uint8_t*>(data) + size);
        frame.image = cv::imdecode(frame.jpeg, cv::IMREAD_COLOR);
        if (frame.image.empty()) throw CameraError(CameraFault::Failed, "live view frame could not be decoded");
        frame.sequence = ++liveSequence_;
        frame.at = std::chrono::steady_clock::now();
        return frame;
    }
}

namespace {

// The outcome of one gp_camera_capture call, filled in by the worker that makes it.
struct CaptureCall {
    std::mutex mutex;
    std::condition_variable changed;
    bool finished = false;
    uint16_t refusal = 0;  // the PTP code the body refused InitiateCapture with (0x2019 busy, 0x200C full)
    int rc = GP_OK;
    CameraFilePath path{};
};

// libgphoto2's generic capture logs a refused InitiateCapture (busy, card full) and then waits
// for a CaptureComplete that will never come. Its error log is the only place the refusal shows,
// so the worker's calls are watched there.
thread_local std::shared_ptr<CaptureCall> tCurrentCall;

void watchLibraryErrors() {
    static std::once_flag once;
    std::call_once(once, [] {
        // A link the camera dropped, or one we cut (abandonCapture), makes libgphoto2 write to a
        // closed socket; that must be an error return, not a SIGPIPE that ends the station.
        std::signal(SIGPIPE, SIG_IGN);
        gp_log_add_func(
            GP_LOG_ERROR,
            [](GPLogLevel, const char*, const char* text, void*) {
                if (!tCurrentCall || !text || !std::strstr(text, "ptp_initiatecapture")) return;
                // "'ptp_initiatecapture(params, ...)' failed: PTP Device Busy (0x2019)"
                const char* code = std::strstr(text, "(0x");
                if (!code) return;
                std::lock_guard lock(tCurrentCall->mutex);
                tCurrentCall->refusal = static_cast<uint16_t>(std::strtoul(code + 3, nullptr, 16));
                tCurrentCall->changed.notify_all();
            },
            nullptr);
    });
}

std::string stemOf(const std::string& name) { return name.substr(0, name.rfind('.')); }

}  // namespace

void Gphoto2Camera::throwRefusal(uint16_t ptpCode) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "%04X", ptpCode);
    if (ptpCode == 0x2019) throw CameraError(CameraFault::Busy, "the camera " + info_.model + " is busy (PTP 0x2019)");
    if (ptpCode == 0x200C)
        throw CameraError(CameraFault::StoreFull, "the card in " + info_.model +
                                                      " is full: free space on it or switch the capture target");
    throw CameraError(CameraFault::Failed, "the camera " + info_.model + " refused to capture (PTP 0x" + hex + ")");
}

// Ends a capture call that will not end by itself. Over PTP/IP its sockets are shut down, which
// makes libgphoto2 give up at once; on USB the call stays parked until the body is power-cycled
// (then it fails and frees the connection it still holds).
void Gphoto2Camera::abandonCapture(const std::shared_ptr<void>& pending) {
    auto call = std::static_pointer_cast<CaptureCall>(pending);
    if (cutPtpIpConnections(info_.port) > 0) {
        std::unique_lock lock(call->mutex);
        call->changed.wait_for(lock, 3s, [&] { return call->finished; });
    }
    connection_.reset();
}

std::vector<CameraFileRef> Gphoto2Camera::captureOnce() {
    connection();  // throws when there is none
    watchLibraryErrors();
    auto call = std::make_shared<CaptureCall>();
    // libgphoto2 waits for CaptureComplete without a deadline; a body that never sends it would
    // hang this thread forever. The call runs on a worker we can walk away from.
    // Only the worker and connection_ may hold the connection: a stray reference here would
    // outlive a reopen and close a socket number the new connection already reuses.
    std::thread([keepAlive = connection_, call]() mutable {
        tCurrentCall = call;
        CameraFilePath path{};
        int rc = gp_camera_capture(keepAlive->camera, GP_CAPTURE_IMAGE, &path, keepAlive->context);
        tCurrentCall.reset();
        // Let go before saying "finished": whoever waits may then free the connection and open
        // a new one without this thread closing a reused socket number behind its back.
        keepAlive.reset();
        std::lock_guard lock(call->mutex);
        call->rc = rc;
        call->path = path;
        call->finished = true;
        call->changed.notify_all();
    }).detach();

    std::unique_lock lock(call->mutex);
    call->changed.wait_for(lock, options_.captureWatchdog, [&] { return call->finished || call->refusal != 0; });
    if (!call->finished) {
        uint16_t refusal = call->refusal;
        lock.unlock();
        abandonCapture(call);
        if (refusal != 0) {
            // Nothing was shot. A fresh session lets the next attempt start clean.
            reopen();
            throwRefusal(refusal);
        }
        throw CameraError(CameraFault::Hung,
                          "the camera " + info_.model + " did not finish the capture within " +
                              std::to_string(options_.captureWatchdog.count() / 1000.0).substr(0, 4) +
                              " s (no CaptureComplete). The frame may be on its card. Turn the camera off and "
                              "on; Facet reconnects and imports what is on the card");
    }
    if (call->rc < GP_OK) {
        int rc = call->rc;
        uint16_t refusal = call->refusal;
        lock.unlock();
        if (refusal != 0) throwRefusal(refusal);
        fail(rc, "capture");
    }
    std::vector<CameraFileRef> files{{call->path.folder, call->path.name}};
    lock.unlock();
    // RAW+JPEG: libgphoto2 returns one file of the pair; its sibling shares the stem on the card.
    Connection& c = connection();
    CameraList* list = nullptr;
    gp_list_new(&list);
    if (gp_camera_folder_list_files(c.camera, files.front().folder.c_str(), list, c.context) >= GP_OK) {
        for (int i = 0; i < gp_list_count(list); ++i) {
            const char* name = nullptr;
            gp_list_get_name(list, i, &name);
            if (name && name != files.front().name && stemOf(name) == stemOf(files.front().name))
                files.push_back({files.front().folder, name});
        }
    }
    gp_list_free(list);
    c.takeError();
    for (auto& extra : drainAddedFiles()) {
        bool known = false;
        for (const auto& f : files) known |= f.folder == extra.folder && f.name == extra.name;
        if (!known) files.push_back(extra);
    }
    return files;
}

std::vector<CameraFileRef> Gphoto2Camera::capture() {
    auto backoff = options_.busyBackoff;
    for (int attempt = 0;; ++attempt) {
        try {
            return captureOnce();
        } catch (const CameraError& e) {
            if (e.fault != CameraFault::Busy || attempt >= options_.busyRetries) throw;
            std::this_thread::sleep_for(backoff);
            backoff *= 2;
            if (!connection_ && !reopen())
                throw CameraError(CameraFault::Disconnected, "the camera " + info_.model + " went away while busy");
        }
    }
}

std::vector<CameraFileRef> Gphoto2Camera::drainAddedFiles() {
    // Files the camera announced that libgphoto2 queued as events; stops at the first "nothing
    // pending" (over PTP/IP that answer comes at once).
    std::vector<CameraFileRef> files;
    for (int i = 0; i < 16; ++i) {
        Connection& c = connection();
        CameraEventType type;
        void* data = nullptr;
        int rc = gp_camera_wait_for_event(c.camera, 1, &type, &data, c.context);
        if (rc < GP_OK) {
            c.takeError();
            break;
        }
        if (type == GP_EVENT_FILE_ADDED && data) {
            auto* path = static_cast<CameraFilePath*>(data);
            files.push_back({path->folder, path->name});
        }
        std::free(data);
        if (type == GP_EVENT_TIMEOUT) break;
    }
    return files;
}

std::vector<uint8_t> Gphoto2Camera::download(const CameraFileRef& file) {
    Connection& c = connection();
    FileHandle f;
    int rc = gp_camera_file_get(c.camera, file.folder.c_str(), file.name.c_str(), GP_FILE_TYPE_NORMAL, f.file,
                                c.context);
    if (rc < GP_OK) fail(rc, "downloading " + file.name);
    const char* data = nullptr;
    unsigned long size = 0;
    gp_file_get_data_and_size(f.file, &data, &size);
    return {reinterpret_cast<const uint8_t*>(data), reinterpret_cast<const uint8_t*>(data) + size};
}

void Gphoto2Camera::deleteFromCamera(const CameraFileRef& file) {
    Connection& c = connection();
    int rc = gp_camera_file_delete(c.camera, file.folder.c_str(), file.name.c_str(), c.context);
    if (rc < GP_OK) fail(rc, "deleting " + file.name + " from the camera");
}

std::vector<CameraFileRef> Gphoto2Camera::waitForBodyShots(std::chrono::milliseconds timeout) {
    std::vector<CameraFileRef> files;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    do {
        Connection& c = connection();
        CameraEventType type;
        void* data = nullptr;
        int rc = gp_camera_wait_for_event(c.camera, 50, &type, &data, c.context);
        if (rc < GP_OK) fail(rc, "waiting for shots from the camera");
        if (type == GP_EVENT_FILE_ADDED && data) {
            auto* path = static_cast<CameraFilePath*>(data);
            files.push_back({path->folder, path->name});
        }
        std::free(data);
        if (type == GP_EVENT_TIMEOUT) {
            if (!files.empty()) break;  // a shot (or a RAW+JPEG pair) is complete
            std::this_thread::sleep_for(25ms);
        }
    } while (std::chrono::steady_clock::now() < deadline);
    return files;
}

}  // namespace facet::capture
