#include "capture/shooting.hpp"

#include "pipeline/errors.hpp"

#include <filesystem>
#include <map>
#include <set>

namespace facet::capture {

namespace fs = std::filesystem;

namespace {

// One cutout per capture (a RAW+JPEG pair is one capture), from its best file.
void cutOutCaptures(CaptureSession& session, const std::vector<StoredFile>& files, const ShootPlan& plan,
                    ShootReport& report) {
    if (!plan.cutout) return;
    std::map<uint64_t, StoredFile> best;
    for (const auto& f : files)
        if (preferForCutout(f.path, best.count(f.sequence) ? best[f.sequence].path : "")) best[f.sequence] = f;
    for (const auto& [seq, file] : best) {
        try {
            CutoutDone done = cutOutCapture(file.path, plan.cutoutSetup);
            for (const auto& f : files)  // both files of a RAW+JPEG pair are done
                if (f.sequence == seq) session.markProcessed(f, done.path);
            plan.say("cut out " + fs::path(file.path).filename().string() + " -> " + done.path + " (" + done.method + ")");
            report.cutouts.push_back(std::move(done));
        } catch (const std::exception& e) {
            // The capture itself is safe on disk and stays unprocessed in the journal.
            report.problems.push_back("could not cut out " + file.path + ": " + e.what());
            plan.say(report.problems.back());
        }
    }
}

}  // namespace

ShootReport shoot(CameraThread& camera, CaptureSession& session, const ShootPlan& plan) {
    ShootReport report;
    for (int i = 0; i < plan.count; ++i) {
        auto pending = camera.capture();
        if (pending.wait_for(plan.captureTimeout) != std::future_status::ready) {
            report.problems.push_back("capture " + std::to_string(i + 1) + " did not finish in time");
            break;
        }
        try {
            auto files = pending.get();
            for (const auto& f : files) plan.say("saved " + f.path);
            report.stored.insert(report.stored.end(), files.begin(), files.end());
            cutOutCaptures(session, files, plan, report);
        } catch (const CameraError& e) {
            report.problems.push_back("capture " + std::to_string(i + 1) + ": " + e.what());
            plan.say(report.problems.back());
            if (e.fault != CameraFault::Busy && e.fault != CameraFault::InvalidValue) break;
        } catch (const OutputError& e) {
            report.problems.push_back(e.what());
            plan.say(report.problems.back());
            break;  // the disk refuses: shooting on would only pile frames onto the card
        }
    }
    return report;
}

ShootReport tether(CameraThread& camera, CaptureSession& session, const ShootPlan& plan,
                   std::chrono::milliseconds duration) {
    ShootReport report;
    std::set<uint64_t> captures;
    auto take = [&](std::vector<CameraEvent> events, std::vector<StoredFile>& arrived) {
        for (auto& e : events) {
            if (e.kind == CameraEvent::Kind::FileStored) {
                plan.say("imported " + e.file.path);
                arrived.push_back(e.file);
                captures.insert(e.file.sequence);
            } else if (e.kind != CameraEvent::Kind::CaptureComplete) {
                plan.say(e.message);
                if (e.kind == CameraEvent::Kind::Error) report.problems.push_back(e.message);
            }
        }
    };
    camera.setWatchBody(true, plan.count);
    auto deadline = std::chrono::steady_clock::now() + duration;
    while (static_cast<int>(captures.size()) < plan.count && std::chrono::steady_clock::now() < deadline) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        std::vector<StoredFile> arrived;
        take(camera.waitForEvents(std::min(left, std::chrono::milliseconds(500))), arrived);
        // Enough shots: stop importing before the (slow) cutouts, so the count is what was asked.
        if (static_cast<int>(captures.size()) >= plan.count) camera.setWatchBody(false);
        report.stored.insert(report.stored.end(), arrived.begin(), arrived.end());
        cutOutCaptures(session, arrived, plan, report);
    }
    camera.setWatchBody(false);
    // Anything imported while the watch was ending is on disk too: finish it as well.
    std::vector<StoredFile> late;
    take(camera.takeEvents(), late);
    report.stored.insert(report.stored.end(), late.begin(), late.end());
    cutOutCaptures(session, late, plan, report);
    return report;
}

ShootReport resumeUnprocessed(CaptureSession& session, const ShootPlan& plan) {
    ShootReport report;
    std::vector<StoredFile> files;
    for (const auto& c : session.unprocessed())
        files.push_back({CameraFileRef{"", c.cameraFile}, (fs::path(session.folder()) / c.file).string(), c.sequence});
    std::set<uint64_t> captures;
    for (const auto& f : files) captures.insert(f.sequence);
    if (!captures.empty())
        plan.say("finishing " + std::to_string(captures.size()) + " capture(s) saved by an earlier run");
    cutOutCaptures(session, files, plan, report);
    return report;
}

}  // namespace facet::capture
