#include "cli/capture_options.hpp"

#include "profiles/cutout_params_from.hpp"

#include <filesystem>
#include <iostream>

namespace facet::cli {

capture::SessionOptions sessionOptionsFrom(const Args& args, const std::string& collection, const Profile* profile) {
    capture::SessionOptions so;
    so.folder = collection;
    so.sku = args.value("--sku", "piece");
    so.nameTemplate = args.value("--template", so.nameTemplate);
    so.profile = profile ? profile->name : "";
    return so;
}

capture::ShootPlan shootPlanFrom(const Args& args, const std::string& collection, int count, const Profile* profile) {
    capture::ShootPlan plan;
    plan.count = count;
    plan.cutout = !args.flag("--no-cutout");
    plan.cutoutSetup.folder = args.value("--cutouts", (std::filesystem::path(collection) / "cutouts").string());
    plan.cutoutSetup.plate = args.value("--plate", "");
    if (profile) plan.cutoutSetup.params = cutoutParamsFrom(*profile);
    plan.say = [](const std::string& line) { std::cout << line << std::endl; };
    return plan;
}

}  // namespace facet::cli
