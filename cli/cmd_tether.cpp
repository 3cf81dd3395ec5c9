// `facet tether`: the photographer shoots with the camera's own button; every frame is imported,
// kept on disk first, then cut out.
#include "capture/camera_choice.hpp"
#include "capture/profile_on_camera.hpp"
#include "capture/shooting.hpp"
#include "cli/args.hpp"
#include "cli/capture_options.hpp"
#include "cli/command.hpp"
#include "pipeline/errors.hpp"
#include "profiles/profile_loader.hpp"

#include <iostream>
#include <optional>
#include <set>

namespace facet::cli {
namespace {

const char* kUsage =
    "usage: facet tether --collection DIR [--count N] [--seconds S] [--profile NAME] [--sku SKU]\n"
    "                    [--camera MODEL|sim] [--port PORT] [--template T] [--plate FILE]\n"
    "                    [--cutouts DIR] [--no-cutout]\n"
    "\n"
    "Waits for shots taken with the camera's shutter button and imports each one: downloaded,\n"
    "saved in the collection folder, journalled, deleted from the camera only once on disk, then\n"
    "cut out. Stops after N shots (default 1) or S seconds (default 600).\n"
    "With --camera sim the simulated photographer presses the button every --sim-interval-ms\n"
    "(default 500).\n"
    "Options as for 'facet shoot'.\n";

int runTether(const std::vector<std::string>& argv) {
    Args args(argv,
              {"--profile", "--collection", "--count", "--seconds", "--sku", "--camera", "--port", "--template",
               "--plate", "--cutouts", "--watchdog-seconds", "--sim-piece", "--sim-size", "--sim-interval-ms"},
              {"--no-cutout"});
    if (!args.positional().empty()) throw UsageError("unexpected argument '" + args.positional()[0] + "'");
    auto collection = args.value("--collection");
    if (!collection) throw UsageError("give the collection folder (--collection DIR)");
    const double count = args.number("--count", 1);
    const double seconds = args.number("--seconds", 600);
    if (count < 1 || count > 10000 || count != static_cast<int>(count))
        throw InputError("--count must be a whole number from 1 to 10000");
    if (!(seconds > 0 && seconds <= 86400)) throw InputError("--seconds must be between 0 and 86400");

    std::optional<Profile> loadedProfile;
    if (auto name = args.value("--profile")) loadedProfile = loadProfile(*name);

    capture::CaptureSession session(sessionOptionsFrom(args, *collection, loadedProfile ? &*loadedProfile : nullptr));
    capture::ShootPlan plan = shootPlanFrom(args, *collection, static_cast<int>(count), loadedProfile ? &*loadedProfile : nullptr);

    std::vector<std::string> problems;
    auto earlier = capture::resumeUnprocessed(session, plan);
    problems.insert(problems.end(), earlier.problems.begin(), earlier.problems.end());

    capture::CameraCommandOptions co{args.value("--camera", ""), args.value("--port", ""), args.value("--sim-piece", ""),
                                     args.value("--sim-size", ""), args.number("--watchdog-seconds", 30)};
    capture::CameraChoice choice = capture::cameraChoiceFrom(co);
    const double interval = args.number("--sim-interval-ms", 500);
    if (!(interval >= 10 && interval <= 600000)) throw InputError("--sim-interval-ms must be 10..600000");
    choice.simulation.bodyShotInterval = std::chrono::milliseconds(static_cast<long long>(interval));
    std::string note;
    std::unique_ptr<capture::Camera> camera;
    try {
        camera = capture::openCamera(choice, &note);
    } catch (const capture::CameraError& e) {
        throw InputError(e.what());
    }
    if (!note.empty()) std::cout << note << "\n";
    capture::CameraThread thread(std::move(camera), session.keeper());
    if (loadedProfile) {
        try {
            for (const auto& w : capture::applyProfileToCamera(thread, *loadedProfile)) std::cout << "note: " << w << "\n";
        } catch (const capture::CameraError& e) {
            throw InputError("applying the profile " + loadedProfile->name + " to the camera: " + e.what());
        }
    }
    std::cout << "camera: " << thread.info().model << " (" << thread.info().port << "): waiting for shots\n";

    auto report = capture::tether(thread, session, plan,
                                  std::chrono::milliseconds(static_cast<long long>(seconds * 1000)));
    problems.insert(problems.end(), report.problems.begin(), report.problems.end());
    std::set<uint64_t> shots;
    for (const auto& f : report.stored) shots.insert(f.sequence);
    std::cout << shots.size() << " shot(s) imported, " << report.cutouts.size() << " cutout(s)\n";
    if (static_cast<int>(shots.size()) < plan.count)
        problems.push_back("only " + std::to_string(shots.size()) + " of " + std::to_string(plan.count) +
                           " shot(s) arrived before the time ran out");
    for (const auto& p : problems) std::cerr << "facet tether: " << p << "\n";
    return problems.empty() ? kOk : kFailed;
}

Registration reg{"tether", "import shots taken with the camera's button, cut each out", runTether, kUsage};

}  // namespace
}  // namespace facet::cli
