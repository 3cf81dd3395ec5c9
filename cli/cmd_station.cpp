// facet station (also `facet` with no command): the tethered station window.
#ifdef FACET_HAS_GUI
#include "cli/args.hpp"
#include "cli/command.hpp"
#include "gui/capture_bench.hpp"
#include "gui/station.hpp"
#include "gui/station_window.hpp"
#include "pipeline/errors.hpp"

#include <cstdlib>
#include <iostream>

namespace facet::cli {
namespace {

const char* kUsage =
    "usage: facet station [--camera sim|auto|MODEL --port PORT] [--profile P] [--collection DIR]\n"
    "                     [--screenshot PATH --after-frames N] [--script FILE]\n"
    "                     [--bench-frames N | --bench-capture N] [--bench-json FILE] [--size WxH]\n"
    "                     [--sim-capture-size WxH]\n"
    "\n"
    "Opens the station window: live view with checks and overlays, camera settings, profile,\n"
    "collection filmstrip, capture (Space), clean plate (P) and the cutout inspector (I).\n"
    "  --camera sim        the simulated studio camera (default); auto: the first camera libgphoto2\n"
    "                      finds; or a camera model with --port\n"
    "  --port PORT         usb:, or ptpip:HOST:PORT:PORT\n"
    "  --sim-capture-size WxH  the simulated camera's capture size (default 3000x2000; 6000x4000 = 24 MP)\n"
    "  --profile P         a profile name (black-velvet, dark-acrylic, backlit-dual) or .toml file\n"
    "  --collection DIR    where captures, plates, cutouts and collection.json go (default ./collection)\n"
    "  --screenshot PATH   save the window as PNG after --after-frames frames (default 60), then close\n"
    "  --script FILE       drive the window with a list of actions (see docs/station.md)\n"
    "  --bench-frames N    measure N drawn UI frames (drawn when something changed, at most 60 a second), print median/p99 frame time, close\n"
    "  --bench-capture N   capture N + 1 times (the first is a warm-up), print when each cutout was shown\n"
    "                      (preview and full, from the press and from the files on disk), close\n"
    "  --bench-json FILE   also write those numbers as JSON\n"
    "  --size WxH          window size (default 1600x1000)\n"
    "Keys: Space capture, P plate, M/F/Z/E/T/G overlays, L live, I inspect, 1-4/0 zoom, arrows pan,\n"
    "      N next review region, B background, V before/after, C confidence, A/R accept/reject, S strict.\n";

int runStation(const std::vector<std::string>& argv) {
    Args args(argv, {"--camera", "--port", "--profile", "--collection", "--screenshot", "--after-frames", "--script",
                     "--bench-frames", "--bench-capture", "--bench-json", "--size", "--sim-capture-size"});
    if (!args.positional().empty()) throw UsageError("unexpected argument '" + args.positional()[0] + "'");
    station::StationOptions options;
    options.camera = args.value("--camera", "sim");
    options.port = args.value("--port", "");
    options.profile = args.value("--profile", "black-velvet");
    options.collectionFolder = args.value("--collection", "collection");
    if (auto sim = args.value("--sim-capture-size")) {
        if (std::sscanf(sim->c_str(), "%dx%d", &options.simCaptureSize.width, &options.simCaptureSize.height) != 2 ||
            options.simCaptureSize.width < 320 || options.simCaptureSize.height < 240 ||
            options.simCaptureSize.area() > 100e6)
            throw UsageError("--sim-capture-size wants WxH between 320x240 and 100 MP, got '" + *sim + "'");
    }
    if (options.camera != "sim" && options.camera != "auto" && options.port.empty())
        throw UsageError("--camera " + options.camera + " needs --port (usb: or ptpip:HOST:PORT:PORT)");

    station::WindowOptions window;
    if (auto size = args.value("--size")) {
        if (std::sscanf(size->c_str(), "%dx%d", &window.width, &window.height) != 2 || window.width < 800 ||
            window.height < 600)
            throw UsageError("--size wants WxH of at least 800x600, got '" + *size + "'");
    }
    window.screenshotPath = args.value("--screenshot", "");
    window.afterFrames = int(args.number("--after-frames", 60));
    window.benchFrames = int(args.number("--bench-frames", 0));
    window.benchJson = args.value("--bench-json", "");
    if (window.afterFrames < 1) throw UsageError("--after-frames must be at least 1");
    if (window.benchFrames < 0) throw UsageError("--bench-frames must be positive");
    window.benchCaptures = int(args.number("--bench-capture", 0));
    if (window.benchCaptures < 0) throw UsageError("--bench-capture must be positive");
    if (window.benchCaptures > 0 && (window.benchFrames > 0 || args.value("--script")))
        throw UsageError("--bench-capture runs its own captures: not with --bench-frames or --script");
    if (auto script = args.value("--script")) window.script = station::loadScript(*script);
    if (window.benchCaptures > 0) window.script = station::captureBenchScript(window.benchCaptures);

    if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY"))
        throw OutputError("no display to open the station window on (DISPLAY is not set); "
                          "on a headless machine run it under xvfb-run");
    station::Station station(options);
    return station::runStationWindow(station, window);
}

Registration reg{"station", "open the tethered station window (also: facet with no command)", runStation, kUsage};

}  // namespace
}  // namespace facet::cli
#endif
