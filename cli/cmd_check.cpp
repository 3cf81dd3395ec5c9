// facet check: the live checks (focus, exposure, edge contrast, resolution, background) on one
// frame, as text or as one JSON object.
#include "calibration/collection_reference.hpp"
#include "cli/args.hpp"
#include "cli/command.hpp"
#include "pipeline/checks/live_checks.hpp"
#include "pipeline/cutout.hpp"
#include "pipeline/errors.hpp"
#include "pipeline/image_io.hpp"
#include "profiles/cutout_params_from.hpp"
#include "profiles/profile_loader.hpp"

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace facet::cli {
namespace {

using nlohmann::json;
using namespace facet::checks;

json rect(const cv::Rect& r) { return {{"x", r.x}, {"y", r.y}, {"width", r.width}, {"height", r.height}}; }

json findings(const std::vector<Finding>& fs) {
    json a = json::array();
    for (const auto& f : fs) a.push_back({{"what", f.what}, {"verdict", verdictName(f.verdict)}, {"message", f.message}});
    return a;
}

std::string line(const char* name, Verdict v, const std::string& score, const std::string& message) {
    char head[96];
    std::snprintf(head, sizeof head, "%-14s %-5s %-22s ", name, verdictName(v), score.c_str());
    return head + message + "\n";
}

std::string num(const char* f, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}



json checksReportJson(const ChecksReport& r) {
    json j;
    const double s = r.fullPerAnalysis;
    const FocusResult& f = r.focus;
    j["focus"] = {{"score", f.edgeWidthPx}, {"units", "edge width px (10-90 %, analysis image; lower is sharper)"},
                  {"verdict", verdictName(f.verdict)}, {"message", f.message}, {"measurable", f.measurable},
                  {"edge_samples", f.edgeSamples}, {"softest_side", f.softestSide}};
    if (f.bestEdgeWidthPx > 0) j["focus"]["softer_than_best_percent"] = f.softerThanBestPercent;

    const LightingResult& l = r.lighting;
    json blown = json::array();
    for (const auto& b : l.blownBoxes)
        blown.push_back(rect(cv::Rect(int(b.x * s), int(b.y * s), int(std::ceil(b.width * s)), int(std::ceil(b.height * s)))));
    j["exposure"] = {{"score", l.exposureStops}, {"units", "stops outside the target band (0 = on target)"},
                     {"verdict", verdictName(l.verdict)}, {"message", l.message},
                     {"piece_highlight", l.pieceHighlight}, {"blown_percent", l.blownPercent},
                     {"blown_areas", blown}, {"glints", l.glints}, {"velvet_luminance", l.velvetLuminance},
                     {"velvet_to_piece_ratio", l.velvetToPieceRatio}, {"crushed_percent", l.crushedPercent},
                     {"uneven_ratio", l.unevenRatio}, {"brighter_side", l.brighterSide},
                     {"cast_saturation", l.castSaturation}, {"findings", findings(l.findings)}};

    const EdgeContrastResult& e = r.edgeContrast;
    json weak = json::array(), segments = json::array();
    for (const auto& seg : e.segments) {
        json js = {{"side", seg.side}, {"clock", seg.clock}, {"bbox", rect(seg.box)}, {"measured", seg.measured},
                   {"contrast", seg.contrast}, {"piece_luminance", seg.pieceLuminance},
                   {"background_luminance", seg.backgroundLuminance}, {"verdict", verdictName(seg.verdict)}};
        if (!seg.cause.empty()) js["cause"] = seg.cause;
        segments.push_back(js);
        if (seg.verdict != Verdict::Ok) weak.push_back(js);
    }
    j["edge_contrast"] = {{"score", e.weakestContrast}, {"units", "weakest segment |piece - velvet|, linear luminance"},
                          {"verdict", verdictName(e.verdict)}, {"message", e.message},
                          {"median_contrast", e.medianContrast}, {"weak_segments", weak}, {"segments", segments}};

    const ResolutionResult& res = r.resolution;
    j["resolution"] = {{"score", res.thinnestPx}, {"units", "thinnest structure width, capture px"},
                       {"verdict", verdictName(res.verdict)}, {"message", res.message},
                       {"lower_bound", res.thinnestIsLowerBound}, {"measured_points", res.measuredPoints},
                       {"thin_spots", res.thinSpots.size()}};
    if (res.thinnestMm > 0) j["resolution"]["thinnest_mm"] = res.thinnestMm;

    const BackgroundResult& b = r.background;
    j["background"] = {{"score", b.lightnessDriftPercent}, {"units", "velvet luminance against the collection, %"},
                       {"verdict", verdictName(b.verdict)}, {"message", b.message}, {"compared", b.compared},
                       {"delta_e2000", b.deltaE2000}, {"chroma_shift_percent", b.chromaShiftPercent},
                       {"hue_shift", b.hueShift}, {"evenness_change_percent", b.evennessChangePercent},
                       {"non_conforming", b.nonConforming}, {"findings", findings(b.findings)},
                       {"lightness", r.backgroundStats.lab[0]},
                       {"lab", {r.backgroundStats.lab[0], r.backgroundStats.lab[1], r.backgroundStats.lab[2]}}};
    if (b.plateCompared) j["background"]["plate_drift_percent"] = b.plateDriftPercent;
    j["overall"] = verdictName(r.overall);
    j["non_conforming"] = b.nonConforming;
    return j;
}

std::string checksReportText(const ChecksReport& r) {
    std::string out;
    out += line("focus", r.focus.verdict, num("%.2f px edges", r.focus.edgeWidthPx), r.focus.message);
    out += line("exposure", r.lighting.verdict, num("%+.1f stops", r.lighting.exposureStops), r.lighting.message);
    out += line("edge contrast", r.edgeContrast.verdict, num("%.3f weakest", r.edgeContrast.weakestContrast),
                r.edgeContrast.message);
    out += line("resolution", r.resolution.verdict,
                num(r.resolution.thinnestIsLowerBound ? ">= %.1f px thinnest" : "%.1f px thinnest", r.resolution.thinnestPx),
                r.resolution.message);
    out += line("background", r.background.verdict,
                r.background.compared ? num("%+.0f %% lightness", r.background.lightnessDriftPercent) : "-", r.background.message);
    out += std::string("overall: ") + verdictName(r.overall) + (r.background.nonConforming ? " (non-conforming)" : "") + "\n";
    return out;
}

const char* kUsage =
    "usage: facet check FRAME [--plate PLATE] [--matte MATTE] [--profile NAME|FILE]\n"
    "                   [--reference REF] [--strict] [--px-per-mm N] [--capture-scale S] [--json]\n"
    "\n"
    "Checks one frame the way the station checks every live frame: focus on the piece,\n"
    "exposure and lighting, edge contrast along the outline, resolution of the finest parts,\n"
    "and the background against the collection's reference.\n"
    "  --plate PLATE       the clean plate (a better matte)\n"
    "  --matte MATTE       use this matte (grey PNG/TIFF, white = piece) instead of cutting one\n"
    "  --profile NAME      capture profile (name or .toml file): its [checks] thresholds and\n"
    "                      its cutout settings for the matte\n"
    "  --reference REF     the collection's background reference (facet reference create)\n"
    "  --strict            a strict collection: a background that does not match marks the frame\n"
    "                      non-conforming\n"
    "  --px-per-mm N       scale calibration (capture px per mm): widths also in mm\n"
    "  --capture-scale S   capture px per frame px, when FRAME is a live-view frame (default 1)\n"
    "  --json              one JSON object with keys focus, exposure, edge_contrast, resolution,\n"
    "                      background (each with score, verdict, message)\n"
    "The exit code is 0 when the checks ran (whatever they found), 1 for unusable input.\n";

// A profile's [checks] table onto the checks' thresholds. Fields with the same meaning carry
// over; the rest keep the checks' defaults (docs/checks.md lists them).
checks::CheckThresholds thresholdsFrom(const facet::CheckThresholds& p) {
    checks::CheckThresholds t;
    t.focusWarnEdgeWidthPx = p.focusMaxEdgeWidthPx;
    t.focusFailEdgeWidthPx = p.focusMaxEdgeWidthPx + 1.0;
    t.exposureHighlightMin = p.exposureHighlightMin;
    t.exposureHighlightMax = p.exposureHighlightMax;
    t.blownFailFraction = p.exposureMaxClippedFraction;
    t.edgeContrastMin = p.edgeContrastMin;
    t.backgroundWarnDeltaE = p.backgroundMaxDeltaE;
    t.backgroundFailDeltaE = 2 * p.backgroundMaxDeltaE;
    return t;
}

// A matte file: grey 8- or 16-bit, white = piece; read as alpha 0..1.
cv::Mat loadMatte(const std::string& path, cv::Size expected) {
    if (!std::filesystem::exists(path)) throw InputError(path + ": matte file not found");
    cv::Mat m = cv::imread(path, cv::IMREAD_ANYDEPTH | cv::IMREAD_GRAYSCALE);
    if (m.empty()) throw InputError(path + ": cannot read the matte (not a PNG/TIFF/JPEG image, or corrupt)");
    if (m.size() != expected)
        throw InputError(path + ": the matte is " + std::to_string(m.cols) + "x" + std::to_string(m.rows) +
                         " but the frame is " + std::to_string(expected.width) + "x" + std::to_string(expected.height));
    cv::Mat alpha;
    m.convertTo(alpha, CV_32F, m.depth() == CV_16U ? 1.0 / 65535 : m.depth() == CV_8U ? 1.0 / 255 : 1.0);
    return alpha;
}

double positiveNumber(const Args& args, const std::string& name, double fallback) {
    const double v = args.number(name, fallback);
    if (!(v > 0) || !std::isfinite(v)) throw UsageError(name + " must be a positive number");
    return v;
}

int runCheck(const std::vector<std::string>& argv) {
    Args args(argv, {"--plate", "--matte", "--profile", "--reference", "--px-per-mm", "--capture-scale"},
              {"--json", "--strict"});
    if (args.positional().size() != 1) throw UsageError("give exactly one FRAME");
    const std::string framePath = args.positional()[0];

    checks::CheckThresholds thresholds;
    CutoutParams cutoutParams;
    std::vector<std::string> notes;
    if (auto p = args.value("--profile")) {
        const Profile profile = loadProfile(*p);
        thresholds = thresholdsFrom(profile.checks);
        cutoutParams = cutoutParamsFrom(profile);
        notes.push_back("thresholds from profile '" + profile.name + "'");
    }

    // Read everything first: a bad reference is reported before any work is done.
    std::optional<CollectionReference> reference;
    const std::string referencePath = args.value("--reference", "");
    if (!referencePath.empty()) reference = loadCollectionReference(referencePath);

    LoadedImage frame = loadImage(framePath);
    if (reference && reference->background.frameSize != frame.linear.size())
        throw InputError(referencePath + " was made from " + std::to_string(reference->background.frameSize.width) + "x" +
                         std::to_string(reference->background.frameSize.height) + " frames but " + framePath + " is " +
                         std::to_string(frame.linear.cols) + "x" + std::to_string(frame.linear.rows) +
                         ": make a reference from frames like this one (facet reference create)");
    CheckInput in;
    in.frame = frame.linear;
    if (auto p = args.value("--plate")) {
        LoadedImage plate = loadImage(*p);
        requireSameKind(frame, plate, "plate");
        in.plate = plate.linear;
    }
    if (auto m = args.value("--matte")) {
        in.matte = loadMatte(*m, frame.linear.size());
    } else {
        CutoutInputs ci;
        ci.shot = in.frame;
        ci.plate = in.plate;
        ci.codeAtBlack = codeAtBlack(frame);
        in.matte = makeCutout(ci, cutoutParams).alpha;
    }
    if (args.value("--px-per-mm")) in.pxPerMm = positiveNumber(args, "--px-per-mm", 1);
    in.captureScale = positiveNumber(args, "--capture-scale", 1);

    LiveChecks checks(thresholds);
    const bool strict = args.flag("--strict");
    const ChecksReport& report = checks.run(in, reference ? &reference->background : nullptr, strict);

    if (args.flag("--json")) {
        json j = checksReportJson(report);
        j["frame"] = framePath;
        if (!referencePath.empty()) j["reference"] = referencePath;
        j["notes"] = notes;
        std::cout << j.dump(2) << "\n";
    } else {
        for (const auto& n : notes) std::cerr << "note: " << n << "\n";
        std::cout << framePath << "\n" << checksReportText(report);
    }
    return kOk;
}

Registration reg{"check", "check a frame: focus, exposure, edge contrast, resolution, background", runCheck, kUsage};

}  // namespace
}  // namespace facet::cli
