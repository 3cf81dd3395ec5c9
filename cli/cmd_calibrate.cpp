// `facet calibrate plate|flat|color|scale|front-light|check-plate`: studio calibration from image files
// (the tethered camera feeds the same functions). A calibration that fails leaves the previous
// one in place: results are computed first and committed atomically (calibration_files.hpp).
#include "calibration/calibration_files.hpp"
#include "calibration/clean_plate.hpp"
#include "calibration/colour_calibration.hpp"
#include "calibration/flat_field.hpp"
#include "calibration/front_light.hpp"
#include "calibration/grey_card.hpp"
#include "calibration/scale_target.hpp"
#include "cli/args.hpp"
#include "cli/command.hpp"
#include "pipeline/errors.hpp"
#include "pipeline/image_io.hpp"
#include "profiles/profile_loader.hpp"

#include <cstdio>
#include <iostream>

namespace facet::cli {

namespace {

const char* kCalibrateUsage =
    "usage: facet calibrate plate FRAME... --out PLATE.json [--backlight none|off|on] [--profile NAME]\n"
    "                         [--camera MODEL] [--iso N] [--shutter S] [--aperture F] [--wb WB]\n"
    "                         [--light TEXT]...\n"
    "       facet calibrate check-plate PLATE.json --shot FILE [--camera MODEL] [--since UNIX_SECONDS]\n"
    "       facet calibrate flat (--plate PLATE.json | IMAGE) --out FLAT.json\n"
    "       facet calibrate color IMAGE --out COLOR.json [--offset] [--grey-card X,Y,W,H]\n"
    "       facet calibrate scale IMAGE --out SCALE.json --square-mm MM\n"
    "                         (--chessboard COLSxROWS | --charuco COLSxROWS --marker-mm MM)\n"
    "       facet calibrate front-light TARGET --plate PLATE --backlit TARGET2 --backlit-plate PLATE2\n"
    "                         --out FRONT.json\n\n"
    "  plate        average 3 or more frames of the empty set (outliers such as dust or a hair that\n"
    "               moved are voted out per pixel) into a clean plate with a per-pixel noise estimate;\n"
    "               saved as 32-bit float linear TIFFs beside a JSON record of when, with which\n"
    "               settings (--profile fills them) and lights it was made. Dual capture: one plate\n"
    "               with --backlight off and one with --backlight on.\n"
    "  check-plate  is the plate usable for this shot? Exit 1 when it cannot be (other size or\n"
    "               camera); prints why it is stale (older than --since, other settings).\n"
    "  flat         fit the light's falloff across the set; prints how even it is in stops.\n"
    "  color        find a ColorChecker (24) or Digital SG chart and fit a 3x3 colour matrix (3x4\n"
    "               with --offset, which also removes flare); or white balance from a grey card\n"
    "               region with --grey-card.\n"
    "  scale        pixels per millimetre from a chessboard (inner corners, e.g. 9x6) or a ChArUco\n"
    "               board (squares, 4x4_50 markers) laid where the piece goes.\n"
    "  front-light  the front light's share in the backlit frame of a dual capture, measured on an\n"
    "               opaque target (a coin, a matte metal block) shot with the backlight off (TARGET)\n"
    "               and on (TARGET2), with the empty set's plates likewise (image files); prints the\n"
    "               line for the profile's [pipeline] front_light_in_backlit.\n\n"
    "A calibration that fails (chart not found, frames of another size) exits 1 and leaves the\n"
    "previous calibration file as it was.\n";

std::string requireOut(const Args& args) {
    auto out = args.value("--out");
    if (!out) throw UsageError("--out FILE.json is required (where the calibration is saved)");
    return *out;
}

cv::Size parseGrid(const std::string& text, const std::string& option) {
    int a = 0, b = 0;
    char x = 0, extra = 0;
    if (std::sscanf(text.c_str(), "%d%c%d%c", &a, &x, &b, &extra) != 3 || (x != 'x' && x != 'X') || a < 2 || b < 2)
        throw UsageError(option + " wants COLSxROWS such as 9x6, not '" + text + "'");
    return {a, b};
}

std::string formatNumber(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

int plate(const Args& args) {
    std::vector<std::string> frames(args.positional().begin() + 1, args.positional().end());
    const std::string out = requireOut(args);
    const std::string backlight = args.value("--backlight", "none");
    if (backlight != "none" && backlight != "off" && backlight != "on")
        throw UsageError("--backlight is none, off or on, not '" + backlight + "'");
    PlateRecord record;
    if (auto name = args.value("--profile")) {
        Profile p = loadProfile(*name);
        record.profile = p.name;
        record.settings = {std::to_string(p.camera.iso), p.camera.shutter.text, formatAperture(p.camera.aperture),
                           p.camera.whiteBalance.text()};
    }
    record.settings.iso = args.value("--iso", record.settings.iso);
    record.settings.shutter = args.value("--shutter", record.settings.shutter);
    record.settings.aperture = args.value("--aperture", record.settings.aperture);
    record.settings.whiteBalance = args.value("--wb", record.settings.whiteBalance);
    record.camera = args.value("--camera", "");
    record.lights = args.values("--light");
    record.backlight = backlight;

    CleanPlate plate = averagePlateFiles(frames);
    const PlateRecord measured = plate.record;
    record.frames = measured.frames;
    record.width = measured.width;
    record.height = measured.height;
    record.sources = measured.sources;
    record.rejectedFraction = measured.rejectedFraction;
    record.medianNoise = measured.medianNoise;
    record.madeAtUnix = nowUnixSeconds();
    plate.record = record;
    saveCleanPlate(out, plate);
    std::cout << "clean plate: " << record.frames << " frames, " << record.width << "x" << record.height
              << ", outliers voted out: " << formatNumber(record.rejectedFraction * 100, 3)
              << " % of pixels, median noise " << formatNumber(record.medianNoise, 5) << " (linear, one frame)\n"
              << "saved " << out << "\n";
    return kOk;
}

int checkPlate(const Args& args) {
    if (args.positional().size() != 2) throw UsageError("check-plate takes one PLATE.json");
    const std::string platePath = args.positional()[1];
    auto shot = args.value("--shot");
    if (!shot) throw UsageError("--shot FILE is required");
    const auto sidecar = readCalibrationSidecar(platePath, "plate");
    const PlateRecord record = plateRecordFromJson(sidecar, platePath);
    LoadedImage image = loadImage(*shot);
    PlateUse use;
    use.width = image.linear.cols;
    use.height = image.linear.rows;
    use.camera = args.value("--camera", "");
    use.backlight = record.backlight;
    use.settings = record.settings;
    if (auto since = args.value("--since")) {
        try {
            use.sessionStartUnix = std::stoll(*since);
        } catch (const std::exception&) {
            throw UsageError("--since wants seconds since 1970, not '" + *since + "'");
        }
    }
    requirePlateFits(record, platePath, use, *shot);
    auto reasons = plateStaleReasons(record, use);
    if (reasons.empty()) std::cout << platePath << ": fits " << *shot << "\n";
    for (const auto& r : reasons) std::cout << platePath << ": stale: " << r << "\n";
    return kOk;
}

int flat(const Args& args) {
    const std::string out = requireOut(args);
    cv::Mat source;
    std::string madeFrom;
    if (auto platePath = args.value("--plate")) {
        source = loadCleanPlate(*platePath).image;
        madeFrom = *platePath;
    } else if (args.positional().size() == 2) {
        madeFrom = args.positional()[1];
        source = loadImage(madeFrom).linear;
    } else {
        throw UsageError("flat takes --plate PLATE.json or one IMAGE of the evenly lit empty set or grey card");
    }
    FlatField field = fitFlatField(source);
    saveFlatField(out, field, madeFrom);
    std::cout << "flat field: light varies by " << formatNumber(field.evennessStops, 2)
              << " stops across the frame (centre to corners " << formatNumber(field.centreToCornerStops, 2)
              << "), brightest at " << field.brightest.x << "," << field.brightest.y << "\nsaved " << out << "\n";
    return kOk;
}

int color(const Args& args) {
    if (args.positional().size() != 2) throw UsageError("color takes one IMAGE of the chart or grey card");
    const std::string out = requireOut(args);
    const std::string path = args.positional()[1];
    LoadedImage image = loadImage(path);
    ColourCalibration cal;
    if (auto region = args.value("--grey-card")) {
        int x = 0, y = 0, w = 0, h = 0;
        char extra = 0;
        if (std::sscanf(region->c_str(), "%d,%d,%d,%d%c", &x, &y, &w, &h, &extra) != 4)
            throw UsageError("--grey-card wants X,Y,W,H in pixels, not '" + *region + "'");
        GreyCardReading reading = measureGreyCard(image.linear, cv::Rect(x, y, w, h), path);
        cal.whiteBalanceGains = reading.gains;
        cal.madeFrom = path;
        saveColourCalibration(out, cal);
        std::cout << "white balance from the grey card: gains R " << formatNumber(reading.gains[0], 4) << ", G 1, B "
                  << formatNumber(reading.gains[2], 4) << "\nsaved " << out << "\n";
        return kOk;
    }
    cal = calibrateColourFromChart(image.linear, path, args.flag("--offset"));
    saveColourCalibration(out, cal);
    std::cout << cal.chart << ": " << cal.matrix.patchesUsed << " patches, mean colour error (CIE76 dE) "
              << formatNumber(cal.matrix.meanDeltaEBefore, 2) << " -> " << formatNumber(cal.matrix.meanDeltaE, 2)
              << " (worst " << formatNumber(cal.matrix.maxDeltaE, 2) << ") with a "
              << (cal.matrix.withOffset ? "3x4" : "3x3") << " matrix\nsaved " << out << "\n";
    return kOk;
}

int scale(const Args& args) {
    if (args.positional().size() != 2) throw UsageError("scale takes one IMAGE of the target");
    const std::string out = requireOut(args);
    const std::string path = args.positional()[1];
    const double squareMm = args.number("--square-mm", 0);
    if (!(squareMm > 0)) throw UsageError("--square-mm (the printed square size in mm) is required");
    LoadedImage image = loadImage(path);
    ScaleMeasurement m;
    if (auto board = args.value("--chessboard")) {
        m = measureScaleChessboard(image.linear, parseGrid(*board, "--chessboard"), squareMm, path);
    } else if (auto charuco = args.value("--charuco")) {
        const double markerMm = args.number("--marker-mm", 0);
        if (!(markerMm > 0)) throw UsageError("--marker-mm (the printed marker size in mm) is required with --charuco");
        m = measureScaleCharuco(image.linear, parseGrid(*charuco, "--charuco"), squareMm, markerMm, path);
    } else {
        throw UsageError("say which target: --chessboard COLSxROWS or --charuco COLSxROWS");
    }
    saveScale(out, m, path);
    std::cout << "scale: " << formatNumber(m.pxPerMm, 3) << " px/mm from " << m.cornersUsed << " corners ("
              << m.target << ")";
    if (m.spreadPercent > 2)
        std::cout << "\nwarning: the scale varies by " << formatNumber(m.spreadPercent, 1)
                  << " % across the target: it is tilted; lay it flat and square to the camera";
    std::cout << "\nsaved " << out << "\n";
    return kOk;
}

int frontLight(const Args& args) {
    if (args.positional().size() != 2)
        throw UsageError("front-light takes one TARGET image (the opaque target, backlight off)");
    const std::string out = requireOut(args);
    const auto plate = args.value("--plate"), backlit = args.value("--backlit"),
               backlitPlate = args.value("--backlit-plate");
    if (!plate || !backlit || !backlitPlate)
        throw UsageError("front-light needs --plate (empty set), --backlit (the target, backlight on) and "
                         "--backlit-plate (empty set, backlight on)");
    const std::string target = args.positional()[1];
    // Read in the order given, so a missing file is named in that order too.
    const cv::Mat shot = loadImage(target).linear, empty = loadImage(*plate).linear;
    const cv::Mat shotOn = loadImage(*backlit).linear, emptyOn = loadImage(*backlitPlate).linear;
    const FrontLightMeasurement m = measureFrontLight(shot, empty, shotOn, emptyOn, target + " and " + *backlit);
    saveFrontLight(out, m, target + " + " + *backlit);
    std::cout << "front light in the backlit frame: " << formatNumber(100 * m.ratio, 1) << " % (from " << m.pixels
              << " px inside the target, spread +-" << formatNumber(m.spreadPercent, 1) << " %)\n";
    if (m.spreadPercent > 5)
        std::cout << "warning: the target's light varies that much from pixel to pixel: it lets the backlight "
                     "through or catches it; use an opaque, matte target\n";
    std::cout << "for the profile: [pipeline] front_light_in_backlit = " << formatNumber(m.ratio, 3) << "\nsaved "
              << out << "\n";
    return kOk;
}

int runCalibrate(const std::vector<std::string>& argv) {
    Args args(argv,
              {"--out", "--backlight", "--profile", "--camera", "--iso", "--shutter", "--aperture", "--wb", "--light",
               "--shot", "--since", "--plate", "--grey-card", "--square-mm", "--chessboard", "--charuco", "--marker-mm",
               "--backlit", "--backlit-plate"},
              {"--offset"});
    if (args.positional().empty())
        throw UsageError("which calibration? plate, check-plate, flat, color, scale or front-light");
    const std::string& what = args.positional()[0];
    if (what == "plate") return plate(args);
    if (what == "check-plate") return checkPlate(args);
    if (what == "flat") return flat(args);
    if (what == "color" || what == "colour") return color(args);
    if (what == "scale") return scale(args);
    if (what == "front-light") return frontLight(args);
    throw UsageError("unknown calibration '" + what + "' (plate, check-plate, flat, color, scale, front-light)");
}

}  // namespace

static Registration reg{"calibrate", "clean plates, flat field, colour, scale and front light from image files",
                        runCalibrate, kCalibrateUsage};

}  // namespace facet::cli
