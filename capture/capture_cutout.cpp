#include "capture/capture_cutout.hpp"

#include "pipeline/cutout_export.hpp"
#include "pipeline/errors.hpp"
#include "pipeline/frame_background.hpp"
#include "pipeline/image.hpp"
#include "pipeline/image_io.hpp"

#include <filesystem>

namespace facet::capture {

namespace fs = std::filesystem;

namespace {
int rank(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".jpg" || ext == ".jpeg") return 1;
    if (ext == ".png") return 2;
    return 3;  // TIFF and camera RAW: more bits, no JPEG blocks at the edges
}
}  // namespace

bool preferForCutout(const std::string& candidate, const std::string& current) {
    return current.empty() || rank(candidate) > rank(current);
}

CutoutDone cutOutCapture(const std::string& capturePath, const CutoutSetup& setup) {
    std::error_code ec;
    fs::create_directories(setup.folder, ec);
    if (!fs::is_directory(setup.folder)) throw OutputError("cannot create the cutout folder " + setup.folder);
    CutoutInputs inputs;
    LoadedImage shot = loadImage(capturePath);
    inputs.shot = shot.linear;
    inputs.codeAtBlack = codeAtBlack(shot);
    requireDarkSet(shot.linear, capturePath);
    if (!setup.plate.empty()) {
        LoadedImage plate = loadImage(setup.plate);
        if (plate.linear.size() != shot.linear.size())
            throw InputError("the clean plate " + setup.plate + " is " + std::to_string(plate.linear.cols) + "x" +
                             std::to_string(plate.linear.rows) + " but the capture " + capturePath + " is " +
                             std::to_string(shot.linear.cols) + "x" + std::to_string(shot.linear.rows));
        inputs.plate = halfPrecisionPlate(plate.linear);  // the float copy goes with `plate` (image.hpp)
    }
    CutoutResult result = makeCutout(inputs, setup.params);
    CutoutDone done;
    done.path = (fs::path(setup.folder) / (fs::path(capturePath).stem().string() + "." + setup.extension)).string();
    saveCutout(done.path, result.foreground, result.alpha);
    done.method = result.method;
    done.coverage = result.coverage;
    done.notes = result.notes;
    return done;
}

}  // namespace facet::capture
