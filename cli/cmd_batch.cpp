// facet batch: re-run cutouts over a folder (or glob) of shots, on every core, resumably.
//
// Each shot's cutout is written atomically (temporary name, fsync, rename), so an output that
// exists is complete: a re-run skips it, and a kill -9 leaves only hidden ".NAME.partial-*"
// temporaries, which the next run removes.
#include "cli/args.hpp"
#include "cli/batch_progress.hpp"
#include "cli/command.hpp"
#include "pipeline/atomic_file.hpp"
#include "pipeline/clipping_path.hpp"
#include "pipeline/cutout.hpp"
#include "pipeline/cutout_export.hpp"
#include "pipeline/cutout_report.hpp"
#include "pipeline/errors.hpp"
#include "pipeline/export_metadata.hpp"
#include "pipeline/frame_background.hpp"
#include "pipeline/image.hpp"
#include "pipeline/image_io.hpp"
#include "pipeline/marketplace_export.hpp"
#include "pipeline/photoshop_path.hpp"
#include "pipeline/raw_decode.hpp"
#include "pipeline/srgb.hpp"
#include "profiles/cutout_params_from.hpp"
#include "profiles/profile_loader.hpp"

#include <glob.h>
#include <signal.h>
#include <unistd.h>

#include <opencv2/core/utility.hpp>

#include <algorithm>
#include <cctype>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <thread>

namespace facet::cli {
namespace {

namespace fs = std::filesystem;

const char* kUsage =
    "usage: facet batch DIR_OR_GLOB... -o OUTDIR [--profile NAME|FILE] [--plate PLATE] [-j N]\n"
    "                   [--stones preserve|transmit] [--surface velvet|acrylic]\n"
    "                   [--format png|tif] [--collection NAME]\n"
    "\n"
    "Cuts out every shot in the folders / globs (PNG, TIFF, JPEG, camera RAW) into OUTDIR,\n"
    "one NAME.png (or .tif) per shot, plus NAME.png.json with the camera metadata and the\n"
    "cutout report. Already finished shots are skipped, so an interrupted batch is resumed by\n"
    "running the same command again. A shot that fails is reported and the rest carry on;\n"
    "the exit status is 1 when any shot failed.\n"
    "  -o OUTDIR         where the cutouts go (created if missing)\n"
    "  --profile P       the capture profile (name or .toml file, see facet profile list): its\n"
    "                    pipeline settings, and its deliverables as NAME.PRESET.EXT (e.g. the\n"
    "                    marketplace JPEG, with a clipping path where the preset asks for one)\n"
    "  --no-deliverables only the cutouts, not the profile's deliverables\n"
    "  --plate PLATE     the clean plate shared by all shots (same camera settings)\n"
    "  -j N              shots cut in parallel (default: all cores). Each needs ~1.5 GB at 24 MP.\n"
    "  --stones, --surface   as for facet cutout (override the profile's)\n"
    "  --format          png (default) or tif (16-bit RGBA, sRGB, metadata in the TIFF tags)\n"
    "  --collection NAME the collection, carried into the metadata\n"
    "Progress (rate, time left) goes to stderr.\n";

const std::set<std::string> kImageExtensions = {
    ".png", ".tif", ".tiff", ".jpg", ".jpeg",
    // Camera RAW formats LibRaw reads.
    ".dng", ".cr2", ".cr3", ".crw", ".nef", ".nrw", ".arw", ".srf", ".sr2", ".raf", ".orf", ".rw2",
    ".pef", ".srw", ".kdc", ".dcr", ".mrw", ".3fr", ".iiq", ".erf", ".mef", ".mos", ".x3f", ".rwl",
    ".qtk", ".k25", ".raw"};

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), ::tolower);
    return s;
}

bool looksLikeImage(const fs::path& p) {
    return kImageExtensions.count(lower(p.extension().string())) && p.filename().string()[0] != '.';
}

// Every shot named by the arguments: folders (their images, not recursive), globs, files.
std::vector<fs::path> collectShots(const std::vector<std::string>& sources) {
    std::vector<fs::path> shots;
    for (const std::string& s : sources) {
        std::error_code ec;
        if (fs::is_directory(s, ec)) {
            for (const auto& e : fs::directory_iterator(s, ec))
                if (e.is_regular_file() && looksLikeImage(e.path())) shots.push_back(e.path());
            if (ec) throw InputError(s + ": cannot list the folder (" + ec.message() + ")");
            continue;
        }
        if (fs::is_regular_file(s, ec)) {
            shots.push_back(s);
            continue;
        }
        glob_t g{};
        const int rc = ::glob(s.c_str(), 0, nullptr, &g);
        if (rc == 0)
            for (size_t i = 0; i < g.gl_pathc; ++i)
                if (fs::is_regular_file(g.gl_pathv[i], ec) && looksLikeImage(g.gl_pathv[i]))
                    shots.emplace_back(g.gl_pathv[i]);
        globfree(&g);
        if (rc != 0) throw InputError(s + ": no such folder or file, and no file matches it as a pattern");
    }
    std::sort(shots.begin(), shots.end());
    shots.erase(std::unique(shots.begin(), shots.end()), shots.end());
    return shots;
}

// Temporaries left by a run that was killed (their process is gone).
void removeStaleTemporaries(const fs::path& outDir) {
    static const std::regex partial(R"(^\..*\.partial-(\d+)-\d+(\.[A-Za-z0-9]+)?$)");
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(outDir, ec)) {
        std::smatch m;
        const std::string name = e.path().filename().string();
        if (!std::regex_match(name, m, partial)) continue;
        const pid_t pid = pid_t(std::stol(m[1].str()));
        if (pid != getpid() && ::kill(pid, 0) != 0 && errno == ESRCH) fs::remove(e.path(), ec);
    }
}

struct Job {
    fs::path shot;
    fs::path output;
};

struct BatchSettings {
    CutoutParams params;
    cv::Mat plate;
    LoadedImage plateInfo;
    bool havePlate = false;
    std::string collection, profileName;
    std::vector<ExportPreset> exports;  // the profile's deliverables
};

const char* kPathName = "Facet outline";

// One of the profile's deliverables: NAME.PRESET.EXT beside the cutout, framed as the preset
// says (square, the piece filling its share), with the clipping path when asked for.
void writeDeliverable(const Job& job, const ExportPreset& e, const CutoutResult& r, const CutoutFileTags& baseTags) {
    const std::string path = (job.output.parent_path() / (job.output.stem().string() + "." + e.name + "." +
                                                          extensionFor(e.format))).string();
    MarketplaceOptions o;
    o.size = e.longEdgePx;
    o.fill = e.fillPercent / 100.0;
    o.jpegQuality = e.jpegQuality;
    // Shops require the size, so their JPEGs may enlarge the piece; transparent files for
    // retouching never do (enlarging invents detail).
    const bool jpeg = e.format == ExportFormat::Jpeg;
    FramedCutout f = frameCutout(r.foreground, r.alpha, o, jpeg);
    std::string resources;
    if (e.clippingPath) {
        ClippingPath clip = traceClippingPath(f.alpha);
        if (!clip.contours.empty()) resources = photoshopClippingPathResources(clip, kPathName);
    }
    if (jpeg || e.background == ExportBackground::White) {
        cv::Mat onWhite = compositeOver(f.foreground, f.alpha, cv::Scalar(1, 1, 1));
        if (jpeg) {
            writeJpeg(path, linearToSrgb(onWhite, CV_8U), e.jpegQuality, resources);
            return;
        }
        f.foreground = onWhite;
        f.alpha = cv::Mat(onWhite.size(), CV_32FC1, cv::Scalar(1));
    }
    CutoutFileTags tags = baseTags;
    if (e.format == ExportFormat::Tiff) tags.photoshopResources = resources;
    saveCutout(path, f.foreground, f.alpha, tags);
}

void cutOne(const Job& job, const BatchSettings& s) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::string shotPath = job.shot.string();
    ExportMetadata meta;
    meta.sourceFile = shotPath;
    LoadedImage shot;
    if (sniffImageFormat(shotPath) == "raw") {
        RawDecoded raw = decodeRaw(shotPath);  // the pixels and the camera's metadata at once
        shot = std::move(raw.image);
        meta = metadataFromRaw(raw.info, shotPath);
    } else {
        shot = loadImage(shotPath);
    }
    if (s.havePlate) requireSameKind(shot, s.plateInfo, "plate");
    requireDarkSet(shot.linear, shotPath);
    meta.collection = s.collection;
    meta.profile = s.profileName;

    CutoutInputs in;
    in.shot = shot.linear;
    in.codeAtBlack = codeAtBlack(shot);
    if (s.havePlate) in.plate = s.plate;
    const auto t1 = std::chrono::steady_clock::now();
    CutoutResult result = makeCutout(in, s.params);
    const auto t2 = std::chrono::steady_clock::now();

    // The sidecar and the deliverables first, the cutout last: its presence means "this shot
    // is done".
    auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
    nlohmann::ordered_json sidecar = nlohmann::ordered_json::parse(metadataJson(meta));
    sidecar["cutout"] = cutoutReport(result);
    sidecar["timings_ms"] = {{"read", ms(t0, t1)}, {"cutout", ms(t1, t2)}};
    writeBytesAtomically(sidecarPathFor(job.output.string()), sidecar.dump(2) + "\n");

    CutoutFileTags tags;
    tags.make = meta.make;
    tags.model = meta.model;
    tags.dateTime = meta.captureTime;
    tags.description = job.shot.filename().string() + (meta.collection.empty() ? "" : ", " + meta.collection);
    tags.xmp = metadataXmp(meta);
    for (const ExportPreset& e : s.exports) writeDeliverable(job, e, result, tags);
    saveCutout(job.output.string(), result.foreground, result.alpha, tags);
}

int runBatch(const std::vector<std::string>& rawArgv) {
    // "-j2" as make and xargs spell it, as well as "-j 2".
    std::vector<std::string> argv;
    for (const std::string& a : rawArgv) {
        if (a.size() > 2 && a.rfind("-j", 0) == 0 && std::isdigit(static_cast<unsigned char>(a[2]))) {
            argv.push_back("-j");
            argv.push_back(a.substr(2));
        } else {
            argv.push_back(a);
        }
    }
    Args args(argv, {"-o", "--output", "--plate", "-j", "--jobs", "--stones", "--surface", "--format", "--collection",
                     "--profile"},
              {"--no-deliverables"});
    if (args.positional().empty()) throw UsageError("give at least one folder or glob of shots");
    const std::string outDir = args.value("-o", args.value("--output", ""));
    if (outDir.empty()) throw UsageError("give the output folder with -o OUTDIR");
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const double jobsWanted = args.number("-j", args.number("--jobs", cores));
    if (jobsWanted < 1 || jobsWanted != std::floor(jobsWanted) || jobsWanted > 256)
        throw UsageError("-j must be a whole number of parallel shots from 1 to 256");
    const std::string format = args.value("--format", "png");
    if (format != "png" && format != "tif") throw UsageError("--format must be 'png' or 'tif', not '" + format + "'");

    BatchSettings settings;
    if (auto p = args.value("--profile")) {
        const Profile profile = loadProfile(*p);  // ProfileError (an InputError) names file and line
        if (profile.pipeline.background == BackgroundModel::Dual)
            throw UsageError("the profile '" + profile.name +
                             "' is a dual capture (backlight off and on): run facet cutout per pair of shots");
        if (profile.pipeline.background == BackgroundModel::CleanPlate && !args.value("--plate"))
            std::cerr << "note: the profile '" << profile.name
                      << "' expects a clean plate (--plate); without one the background is modelled from each frame\n";
        settings.params = cutoutParamsFrom(profile);
        settings.profileName = profile.name;
        if (!args.flag("--no-deliverables")) settings.exports = profile.exports;
    }
    if (auto stones = args.value("--stones")) {
        if (*stones != "preserve" && *stones != "transmit") throw UsageError("--stones must be 'preserve' or 'transmit'");
        settings.params.stones = *stones == "transmit" ? StoneTreatment::Transmit : StoneTreatment::Preserve;
    }
    if (auto surface = args.value("--surface")) {
        if (*surface != "velvet" && *surface != "acrylic") throw UsageError("--surface must be 'velvet' or 'acrylic'");
        settings.params.surface = *surface == "acrylic" ? SurfaceKind::Acrylic : SurfaceKind::Velvet;
    }
    settings.collection = args.value("--collection", "");

    // The output folder: created, and writable, before any work is done.
    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (!fs::is_directory(outDir))
        throw OutputError("cannot create the output folder " + outDir + (ec ? " (" + ec.message() + ")" : ""));
    try {
        writeBytesAtomically((fs::path(outDir) / ".facet-write-check").string(), "ok");
        fs::remove(fs::path(outDir) / ".facet-write-check", ec);
    } catch (const OutputError&) {
        throw OutputError("cannot write into the output folder " + outDir + " (check its permissions and free space)");
    }
    removeStaleTemporaries(outDir);

    std::vector<fs::path> shots = collectShots(args.positional());
    fs::path platePath;
    if (auto p = args.value("--plate")) {
        platePath = fs::weakly_canonical(*p);
        settings.plateInfo = loadImage(*p);
        // Held for the whole batch, beside every job's shot: in half precision (image.hpp).
        settings.plateInfo.linear = halfPrecisionPlate(settings.plateInfo.linear);
        settings.plate = settings.plateInfo.linear;
        settings.havePlate = true;
    }
    // The plate and anything already in the output folder are not shots.
    const fs::path outCanon = fs::weakly_canonical(outDir);
    std::erase_if(shots, [&](const fs::path& s) {
        const fs::path c = fs::weakly_canonical(s);
        return c == platePath || c.parent_path() == outCanon;
    });
    if (shots.empty()) throw InputError("no shots found in " + args.positional()[0] + " (PNG, TIFF, JPEG or camera RAW)");

    // Name clashes (ring.CR2 and ring.jpg would both become ring.png) are refused up front.
    std::vector<Job> todo;
    std::map<fs::path, fs::path> claimed;
    int skipped = 0, clashes = 0;
    for (const fs::path& s : shots) {
        const fs::path out = fs::path(outDir) / (s.stem().string() + "." + format);
        if (auto it = claimed.find(out); it != claimed.end()) {
            std::cerr << "FAILED " << s.string() << ": its cutout would overwrite that of " << it->second.string()
                      << " (same name); rename one of them\n";
            ++clashes;
            continue;
        }
        claimed[out] = s;
        if (fs::exists(out)) {
            ++skipped;
            continue;
        }
        todo.push_back({s, out});
    }

    const int jobs = std::min<int>(int(jobsWanted), std::max<int>(1, int(todo.size())));
    std::cerr << shots.size() << " shot(s): " << skipped << " already done, " << todo.size() << " to cut with " << jobs
              << " worker(s)\n";
    // Parallelism comes from the workers; OpenCV's own thread pool would only fight them.
    cv::setNumThreads(1);

    BatchProgress progress(std::cerr, int(todo.size()), isatty(STDERR_FILENO));
    std::atomic<size_t> next{0};
    std::vector<std::string> failures;
    std::mutex failuresMutex;
    auto worker = [&] {
        for (size_t i = next++; i < todo.size(); i = next++) {
            const Job& job = todo[i];
            std::string error;
            try {
                cutOne(job, settings);
            } catch (const InputError& e) {
                error = e.what();
            } catch (const OutputError& e) {
                error = e.what();
            } catch (const cv::Exception& e) {
                error = job.shot.string() + ": image processing failed (" + e.err + ")";
            } catch (const std::bad_alloc&) {
                error = job.shot.string() + ": out of memory (run with fewer workers, -j)";
            } catch (const std::exception& e) {
                error = job.shot.string() + ": " + e.what();
            }
            if (!error.empty()) {
                std::lock_guard lock(failuresMutex);
                failures.push_back(error);
            }
            progress.finished(error.empty(), job.shot.filename().string(), error);
        }
    };
    std::vector<std::thread> pool;
    for (int i = 0; i < jobs; ++i) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
    progress.close();

    const int failed = int(failures.size()) + clashes;
    std::cout << progress.done() << " cut, " << skipped << " already done, " << failed << " failed";
    if (!todo.empty()) std::cout << " (" << int(progress.imagesPerMinute() * 10) / 10.0 << " images/min)";
    std::cout << "\n";
    if (failed > 0) {
        std::cout << "failed:\n";
        for (const auto& f : failures) std::cout << "  " << f << "\n";
        std::cout << "fix or remove them and run the same command again: finished shots are skipped\n";
        return kFailed;
    }
    return kOk;
}

Registration reg{"batch", "cut out every shot in a folder, on all cores, resumably", runBatch, kUsage};

}  // namespace
}  // namespace facet::cli
