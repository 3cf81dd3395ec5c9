#include "capture/camera_choice.hpp"

#include "capture/ptpip_line.hpp"

#include <cstdio>

namespace facet::capture {

namespace {

// A PTP/IP address is not auto-detected: libgphoto2 needs the model named.
std::string defaultModelFor(const std::string& port) { return isPtpIpPort(port) ? "PTP/IP Camera" : ""; }

}  // namespace

std::unique_ptr<Camera> openCamera(const CameraChoice& choice, std::string* note) {
    if (choice.model == "sim" || choice.port == "sim")
        return std::make_unique<SimulatedStudioCamera>(choice.simulation);
    Gphoto2Options o = choice.gphoto2;
    o.model = choice.model.empty() ? defaultModelFor(choice.port) : choice.model;
    o.port = choice.port;
    if (o.model.empty() && o.port.empty() && detectGphoto2Cameras().empty()) {
        if (!choice.fallBackToSimulated)
            throw CameraError(CameraFault::Disconnected, "no camera found: check the cable and that the camera is on");
        if (note) *note = "no camera found: using the simulated studio camera";
        return std::make_unique<SimulatedStudioCamera>(choice.simulation);
    }
    return std::make_unique<Gphoto2Camera>(o);
}

std::vector<ListedCamera> listCameras(const std::string& probePort) {
    std::vector<ListedCamera> out;
    for (const auto& info : detectGphoto2Cameras()) out.push_back({info, "ready"});
    if (!probePort.empty()) {
        Gphoto2Options o;
        o.port = probePort;
        o.model = defaultModelFor(probePort);
        try {
            Gphoto2Camera camera(o);
            out.push_back({camera.info(), "ready"});
        } catch (const CameraError& e) {
            out.push_back({CameraInfo{o.model.empty() ? "(unknown)" : o.model, probePort, "gphoto2"}, e.what()});
        }
    }
    SimulatedStudioCamera sim;
    out.push_back({sim.info(), "ready (no hardware: --camera sim)"});
    return out;
}

}  // namespace facet::capture

#include "pipeline/errors.hpp"

namespace facet::capture {

cv::Size parseFrameSize(const std::string& text, const std::string& option) {
    int w = 0, h = 0;
    char x = 0;
    if (std::sscanf(text.c_str(), "%d%c%d", &w, &x, &h) != 3 || (x != 'x' && x != 'X') || w < 64 || h < 64 ||
        w > 20000 || h > 20000)
        throw InputError(option + " '" + text + "' should be WIDTHxHEIGHT, each 64..20000 (e.g. 6000x4000)");
    return {w, h};
}

std::pair<SettingKind, std::string> parseSettingAssignment(const std::string& text) {
    auto eq = text.find('=');
    SettingKind kind;
    if (eq == std::string::npos || eq + 1 >= text.size() || !settingFromName(text.substr(0, eq), kind)) {
        std::string names;
        for (auto k : allSettingKinds()) names += (names.empty() ? "" : ", ") + settingName(k);
        throw InputError("--set '" + text + "' should be NAME=VALUE with NAME one of " + names);
    }
    return {kind, text.substr(eq + 1)};
}

}  // namespace facet::capture

namespace facet::capture {

CameraChoice cameraChoiceFrom(const CameraCommandOptions& o) {
    CameraChoice choice;
    choice.model = o.camera;
    choice.port = o.port;
    if (!(o.watchdogSeconds > 0 && o.watchdogSeconds <= 3600))
        throw InputError("--watchdog-seconds must be between 0 and 3600");
    choice.gphoto2.captureWatchdog = std::chrono::milliseconds(static_cast<long long>(o.watchdogSeconds * 1000));
    if (!o.simPiece.empty() && !scenes::pieceFromName(o.simPiece, choice.simulation.piece)) {
        std::string names;
        for (auto p : scenes::allPieces()) names += (names.empty() ? "" : ", ") + scenes::pieceName(p);
        throw InputError("--sim-piece '" + o.simPiece + "' is not a piece the simulator knows: " + names);
    }
    if (!o.simSize.empty()) choice.simulation.captureSize = parseFrameSize(o.simSize, "--sim-size");
    return choice;
}

}  // namespace facet::capture
