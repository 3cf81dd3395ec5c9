// `facet shoot`: fire the camera, keep every frame on disk first, then cut each one out.
#include "capture/camera_choice.hpp"
#include "capture/profile_on_camera.hpp"
#include "capture/shooting.hpp"
#include "cli/args.hpp"
#include "cli/capture_options.hpp"
#include "cli/command.hpp"
#include "pipeline/errors.hpp"
#include "profiles/profile_loader.hpp"

#include <filesystem>
#include <iostream>

namespace facet::cli {
namespace {

const char* kUsage =
    "usage: facet shoot --profile NAME --collection DIR [--count N] [--sku SKU]\n"
    "                   [--camera MODEL|sim] [--port PORT] [--set NAME=VALUE ...]\n"
    "                   [--template T] [--plate FILE] [--cutouts DIR] [--no-cutout]\n"
    "\n"
    "Captures N frames, downloads each, saves it in the collection folder (named by the template,\n"
    "default {collection}_{sku}_{seq:04}.{ext}), journals it, then cuts it out.\n"
    "A file is deleted from the camera only once it is safely on disk. Captures an earlier run\n"
    "saved but did not cut out are finished first.\n"
    "\n"
    "  --profile NAME        capture profile (a name from 'facet profiles' or a .toml file): its\n"
    "                        camera settings are set (nearest the camera has, with a note) and\n"
    "                        its pipeline settings drive the cutout; recorded with every capture\n"
    "  --collection DIR      the collection's folder (created when absent)\n"
    "  --count N             frames to shoot (default 1)\n"
    "  --sku SKU             the piece's SKU for the file names (default 'piece')\n"
    "  --camera MODEL        'sim' (the simulated studio camera), a libgphoto2 model name, or\n"
    "                        nothing: the connected camera, else the simulated one\n"
    "  --port PORT           e.g. usb:001,004 or ptpip:127.0.0.1:15740:15740\n"
    "  --set NAME=VALUE      camera setting after the profile's: iso, shutter, aperture,\n"
    "                        white-balance, image-format, capture-target, focus, backlight\n"
    "  --template T          file name template ({collection} {sku} {seq:04} {ext} {camera_name})\n"
    "  --plate FILE          clean plate for the cutout\n"
    "  --cutouts DIR         where cutouts go (default DIR/cutouts)\n"
    "  --no-cutout           capture and keep only\n"
    "  --watchdog-seconds S  longest a capture may take before the camera counts as hung (30)\n"
    "  --sim-piece NAME      simulated camera: the piece on the set (default solitaire-ring)\n"
    "  --sim-size WxH        simulated camera: capture size (default 3000x2000)\n";

int runShoot(const std::vector<std::string>& argv) {
    Args args(argv,
              {"--profile", "--collection", "--count", "--sku", "--camera", "--port", "--set", "--template", "--plate",
               "--cutouts", "--watchdog-seconds", "--sim-piece", "--sim-size"},
              {"--no-cutout"});
    if (!args.positional().empty()) throw UsageError("unexpected argument '" + args.positional()[0] + "'");
    auto profile = args.value("--profile");
    auto collection = args.value("--collection");
    if (!profile) throw UsageError("give the capture profile (--profile NAME)");
    if (!collection) throw UsageError("give the collection folder (--collection DIR)");
    const double count = args.number("--count", 1);
    if (count < 1 || count > 10000 || count != static_cast<int>(count))
        throw InputError("--count must be a whole number from 1 to 10000");

    // The profile: the camera settings to ask for and the cutout's parameters.
    const Profile loadedProfile = loadProfile(*profile);

    capture::CaptureSession session(sessionOptionsFrom(args, *collection, &loadedProfile));
    capture::ShootPlan plan = shootPlanFrom(args, *collection, static_cast<int>(count), &loadedProfile);
    if (!plan.cutoutSetup.plate.empty() && !std::filesystem::is_regular_file(plan.cutoutSetup.plate))
        throw InputError("the clean plate " + plan.cutoutSetup.plate + " does not exist");

    std::vector<std::string> problems;
    auto earlier = capture::resumeUnprocessed(session, plan);
    problems.insert(problems.end(), earlier.problems.begin(), earlier.problems.end());

    capture::CameraCommandOptions co{args.value("--camera", ""), args.value("--port", ""), args.value("--sim-piece", ""),
                                     args.value("--sim-size", ""), args.number("--watchdog-seconds", 30)};
    std::string note;
    std::unique_ptr<capture::Camera> camera;
    try {
        camera = capture::openCamera(capture::cameraChoiceFrom(co), &note);
    } catch (const capture::CameraError& e) {
        throw InputError(e.what());
    }
    if (!note.empty()) std::cout << note << "\n";
    capture::CameraThread thread(std::move(camera), session.keeper());
    std::cout << "camera: " << thread.info().model << " (" << thread.info().port << "), profile " << loadedProfile.name
              << "\n";
    try {
        for (const auto& w : capture::applyProfileToCamera(thread, loadedProfile)) std::cout << "note: " << w << "\n";
    } catch (const capture::CameraError& e) {
        throw InputError("applying the profile " + loadedProfile.name + " to the camera: " + e.what());
    }
    for (const auto& assignment : args.values("--set")) {
        auto [kind, value] = capture::parseSettingAssignment(assignment);
        try {
            thread.set(kind, value).get();
        } catch (const capture::CameraError& e) {
            throw InputError("--set " + assignment + ": " + e.what());
        }
    }

    auto report = capture::shoot(thread, session, plan);
    problems.insert(problems.end(), report.problems.begin(), report.problems.end());
    std::cout << report.stored.size() << " file(s) saved, " << report.cutouts.size() << " cutout(s) in "
              << plan.cutoutSetup.folder << "\n";
    for (const auto& p : problems) std::cerr << "facet shoot: " << p << "\n";
    return problems.empty() ? kOk : kFailed;
}

Registration reg{"shoot", "capture from the camera, keep every frame, cut each out", runShoot, kUsage};

}  // namespace
}  // namespace facet::cli
