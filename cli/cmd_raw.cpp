// facet raw: look into camera RAW files: what the camera wrote, the fast preview, the decode.
#include "cli/args.hpp"
#include "cli/command.hpp"
#include "pipeline/atomic_file.hpp"
#include "pipeline/errors.hpp"
#include "pipeline/export_metadata.hpp"
#include "pipeline/raw_decode.hpp"
#include "pipeline/raw_preview.hpp"
#include "pipeline/srgb.hpp"

#include <opencv2/imgcodecs.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>

namespace facet::cli {
namespace {

const char* kUsage =
    "usage: facet raw info FILE...\n"
    "       facet raw preview FILE -o OUT.jpg [--min-width PX]\n"
    "       facet raw decode FILE -o OUT.(tif|png) [--wb R,G,B] [--half] [--careful] [--linear]\n"
    "\n"
    "  info     camera, lens, exposure, capture time, sensor size, Bayer pattern, black and\n"
    "           white levels, as-shot white balance and the embedded preview's size\n"
    "  preview  the quick look: the camera's embedded JPEG, or a half-size decode when there is\n"
    "           none (or it is narrower than --min-width); prints how long each step took\n"
    "  decode   the full decode the cutout uses (linear, camera WB unless --wb, camera matrix to\n"
    "           sRGB), written as a 16-bit sRGB image to look at, or with --linear as a 32-bit\n"
    "           float TIFF of the linear values. --half: half size; --careful: AHD demosaicing\n"
    "           (default PPG, twice as fast)\n";

using Clock = std::chrono::steady_clock;
double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

std::string fmt(const char* f, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

int runInfo(const std::vector<std::string>& files) {
    if (files.empty()) throw UsageError("give at least one RAW file");
    int failed = 0;
    for (const std::string& f : files) {
        try {
            RawInfo i = readRawInfo(f);
            std::cout << f << "\n"
                      << "  camera        " << i.make << " " << i.model << "\n";
            if (!i.lens.empty()) std::cout << "  lens          " << i.lens << "\n";
            std::cout << "  exposure      " << (i.shutterSeconds > 0 ? exposureText(i.shutterSeconds) : "?")
                      << (i.aperture > 0 ? fmt("  f/%.1f", i.aperture) : "") << (i.iso > 0 ? fmt("  ISO %.0f", i.iso) : "")
                      << (i.focalLengthMm > 0 ? fmt("  %.0f mm", i.focalLengthMm) : "") << "\n"
                      << "  captured      " << (i.captureTime ? exifDateTime(i.captureTime) : "?") << "\n"
                      << "  image         " << i.width << " x " << i.height << "  "
                      << (i.cfaPattern.empty() ? "(not a Bayer mosaic)" : i.cfaPattern + " Bayer") << "\n"
                      << "  levels        black " << i.blackLevel << ", white " << i.whiteLevel << "\n";
            if (i.cameraWhiteBalance[1] > 0)
                std::cout << "  white balance R " << fmt("%.3f", i.cameraWhiteBalance[0]) << "  G 1  B "
                          << fmt("%.3f", i.cameraWhiteBalance[2]) << " (as shot)\n";
            else
                std::cout << "  white balance none recorded (daylight is used)\n";
            std::cout << "  preview       "
                      << (i.previewFormat.empty() ? "none (a half-size decode stands in)"
                                                  : std::to_string(i.previewWidth) + " x " + std::to_string(i.previewHeight) + " embedded")
                      << "\n";
        } catch (const InputError& e) {
            std::cerr << "facet raw: " << e.what() << "\n";
            ++failed;
        }
    }
    return failed ? kFailed : kOk;
}

void writeImage(const std::string& path, const cv::Mat& img, const std::vector<int>& params = {}) {
    std::vector<uchar> bytes;
    std::string ext = path.substr(path.find_last_of('.') == std::string::npos ? path.size() : path.find_last_of('.'));
    bool ok = false;
    try {
        ok = !ext.empty() && cv::imencode(ext, img, bytes, params);
    } catch (const cv::Exception&) {
        ok = false;
    }
    if (!ok) throw InputError(path + ": cannot write this kind of file (use .jpg, .png or .tif)");
    writeBytesAtomically(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

int runPreview(const Args& args) {
    if (args.positional().size() != 2) throw UsageError("give exactly one RAW file");
    const std::string out = args.value("-o", "");
    if (out.empty()) throw UsageError("give the output file with -o OUT.jpg");
    RawPreviewOptions o;
    o.minWidth = int(args.number("--min-width", 0));
    const auto t0 = Clock::now();
    RawPreview p = loadRawPreview(args.positional()[1], o);
    const double ms = msSince(t0);
    writeImage(out, p.display, {cv::IMWRITE_JPEG_QUALITY, 90});
    std::cout << out << ": " << p.source << ", " << p.display.cols << " x " << p.display.rows << ", "
              << fmt("%.0f", ms) << " ms\n";
    return kOk;
}

cv::Vec3f parseWhiteBalance(const std::string& s) {
    cv::Vec3f wb;
    char extra = 0;
    if (std::sscanf(s.c_str(), "%f,%f,%f%c", &wb[0], &wb[1], &wb[2], &extra) != 3 || !(wb[0] > 0 && wb[1] > 0 && wb[2] > 0))
        throw UsageError("--wb needs three positive multipliers R,G,B (e.g. 2.1,1,1.4), not '" + s + "'");
    return wb;
}

int runDecode(const Args& args) {
    if (args.positional().size() != 2) throw UsageError("give exactly one RAW file");
    const std::string out = args.value("-o", "");
    if (out.empty()) throw UsageError("give the output file with -o OUT.tif");
    RawDecodeOptions o;
    if (auto wb = args.value("--wb")) o.whiteBalance = parseWhiteBalance(*wb);
    o.halfSize = args.flag("--half");
    o.demosaic = args.flag("--careful") ? RawDemosaic::Careful : RawDemosaic::Fast;

    const std::string file = args.positional()[1];
    const auto t0 = Clock::now();
    RawPreview preview = loadRawPreview(file);
    const double previewMs = msSince(t0);
    const auto t1 = Clock::now();
    RawDecoded d = decodeRaw(file, o);
    const double decodeMs = msSince(t1);
    if (args.flag("--linear")) {
        if (out.size() < 4 || (out.substr(out.size() - 4) != ".tif" && out.substr(out.size() - 5) != ".tiff"))
            throw UsageError("--linear writes a float TIFF: name the output .tif");
        writeImage(out, d.image.linear);
    } else {
        writeImage(out, linearToSrgb(d.image.linear, CV_16U));
    }
    std::cout << out << ": " << d.image.linear.cols << " x " << d.image.linear.rows << ", white balance R "
              << fmt("%.3f", d.whiteBalanceUsed[0]) << " B " << fmt("%.3f", d.whiteBalanceUsed[2]) << "\n"
              << "  preview  " << fmt("%6.0f", previewMs) << " ms  (" << preview.source << ")\n"
              << "  decode   " << fmt("%6.0f", decodeMs) << " ms  (" << (o.halfSize ? "half size" : "full")
              << ", " << (o.demosaic == RawDemosaic::Careful ? "AHD" : "PPG") << ")\n";
    return kOk;
}

int runRaw(const std::vector<std::string>& argv) {
    if (argv.empty()) throw UsageError("say what to do: info, preview or decode");
    const std::string what = argv[0];
    if (what == "info") return runInfo(std::vector<std::string>(argv.begin() + 1, argv.end()));
    Args args(argv, {"-o", "--min-width", "--wb"}, {"--half", "--careful", "--linear"});
    if (what == "preview") return runPreview(args);
    if (what == "decode") return runDecode(args);
    throw UsageError("unknown action '" + what + "' (info, preview or decode)");
}

Registration reg{"raw", "camera RAW files: info, quick preview, full linear decode", runRaw, kUsage};

}  // namespace
}  // namespace facet::cli
