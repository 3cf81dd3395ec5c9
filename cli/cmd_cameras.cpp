// `facet cameras`: what is connected (libgphoto2 auto-detection), plus the simulated studio
// camera; --port probes one address that is not auto-detected (PTP/IP).
#include "capture/camera_choice.hpp"
#include "cli/args.hpp"
#include "cli/command.hpp"

#include <iostream>

namespace facet::cli {
namespace {

const char* kUsage =
    "usage: facet cameras [--port PORT] [--settings]\n"
    "\n"
    "Lists the cameras libgphoto2 finds and the simulated studio camera.\n"
    "  --port PORT   also probe this port (e.g. ptpip:192.168.1.20 or ptpip:127.0.0.1:15740:15740)\n"
    "  --settings    show each ready camera's settings with the choices it offers\n";

void printSettings(capture::Camera& camera) {
    for (const auto& s : camera.settings()) {
        std::cout << "    " << capture::settingName(s.kind) << " = " << s.value;
        if (s.readOnly) std::cout << " (read-only)";
        if (s.range) std::cout << "  [" << s.range->min << " .. " << s.range->max << "]";
        if (!s.choices.empty()) {
            std::cout << "  {";
            for (size_t i = 0; i < s.choices.size(); ++i) std::cout << (i ? ", " : "") << s.choices[i];
            std::cout << "}";
        }
        std::cout << "\n";
    }
}

int runCameras(const std::vector<std::string>& argv) {
    Args args(argv, {"--port"}, {"--settings"});
    if (!args.positional().empty()) throw UsageError("unexpected argument '" + args.positional()[0] + "'");
    const std::string port = args.value("--port", "");
    auto cameras = capture::listCameras(port);
    bool probeFailed = false;
    for (const auto& c : cameras) {
        std::cout << c.info.model << "\t" << c.info.port << "\t" << c.status << "\n";
        if (!port.empty() && c.info.port == port && c.status != "ready") probeFailed = true;
        if (args.flag("--settings") && c.status.rfind("ready", 0) == 0) {
            try {
                capture::CameraChoice choice;
                choice.model = c.info.port == "sim" ? "sim" : c.info.model;
                choice.port = c.info.port == "sim" ? "" : c.info.port;
                choice.fallBackToSimulated = false;
                auto camera = capture::openCamera(choice);
                printSettings(*camera);
            } catch (const capture::CameraError& e) {
                std::cout << "    (settings unavailable: " << e.what() << ")\n";
            }
        }
    }
    return probeFailed ? kFailed : kOk;
}

Registration reg{"cameras", "list connected cameras (and the simulated one)", runCameras, kUsage};

}  // namespace
}  // namespace facet::cli
