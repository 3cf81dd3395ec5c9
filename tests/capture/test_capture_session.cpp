#include "capture/capture_session.hpp"
#include "pipeline/errors.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <sys/mount.h>

#include <filesystem>
#include <fstream>
#include <iterator>

using namespace facet::capture;
namespace fs = std::filesystem;

namespace {
std::vector<uint8_t> bytesOf(const std::string& text) { return {text.begin(), text.end()}; }
std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
size_t filesIn(const fs::path& dir) {
    size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir)) n += e.is_regular_file();
    return n;
}
}  // namespace

TEST(CaptureSession, KeepsEachFileUnderTheTemplateAndJournalsIt) {
    facet::test::TempDir dir;
    CaptureSession session({dir / "spring", "", "R1042", "{collection}_{sku}_{seq:04}.{ext}", "velvet"});
    StoredFile raw = session.keep({"/store", "IMG_0001.CR3"}, bytesOf("raw bytes"), 0);
    StoredFile jpg = session.keep({"/store", "IMG_0001.JPG"}, bytesOf("jpeg bytes"), raw.sequence);
    EXPECT_EQ(raw.sequence, 1u);
    EXPECT_EQ(jpg.sequence, 1u);  // a RAW+JPEG pair is one capture
    EXPECT_EQ(fs::path(raw.path).filename(), "spring_R1042_0001.cr3");
    EXPECT_EQ(fs::path(jpg.path).filename(), "spring_R1042_0001.jpg");
    EXPECT_EQ(readText(jpg.path), "jpeg bytes");
    EXPECT_EQ(session.unprocessed().size(), 2u);
    session.markProcessed(jpg, dir / "spring/cutouts/spring_R1042_0001.png");
    EXPECT_EQ(session.unprocessed().size(), 1u);
}

TEST(CaptureSession, ARestartResumesTheSequence) {
    facet::test::TempDir dir;
    SessionOptions options{dir / "c", "col", "S", "{collection}_{sku}_{seq:04}.{ext}", ""};
    {
        CaptureSession first(options);
        first.keep({"", "A.JPG"}, bytesOf("1"), 0);
        first.keep({"", "B.JPG"}, bytesOf("2"), 0);
    }
    CaptureSession second(options);
    StoredFile next = second.keep({"", "C.JPG"}, bytesOf("3"), 0);
    EXPECT_EQ(next.sequence, 3u);
    EXPECT_EQ(fs::path(next.path).filename(), "col_S_0003.jpg");
    EXPECT_EQ(second.unprocessed().size(), 3u);
}

TEST(CaptureSession, NeverOverwritesAFileTheJournalDoesNotKnow) {
    facet::test::TempDir dir;
    fs::create_directories(dir / "c");
    std::ofstream(dir / "c/col_S_0001.jpg") << "an earlier frame";
    CaptureSession session({dir / "c", "col", "S", "{collection}_{sku}_{seq:04}.{ext}", ""});
    StoredFile kept = session.keep({"", "IMG.JPG"}, bytesOf("new"), 0);
    EXPECT_EQ(fs::path(kept.path).filename(), "col_S_0002.jpg");
    EXPECT_EQ(readText(dir / "c/col_S_0001.jpg"), "an earlier frame");
}

TEST(CaptureSession, AFolderThatVanishedIsAClearErrorAndNoHalfFile) {
    facet::test::TempDir dir;
    CaptureSession session({dir / "c", "col", "S", "{collection}_{sku}_{seq:04}.{ext}", ""});
    fs::rename(dir / "c", dir / "moved");
    try {
        session.keep({"", "IMG.JPG"}, bytesOf("frame"), 0);
        FAIL() << "a write into a missing folder succeeded";
    } catch (const facet::OutputError& e) {
        EXPECT_NE(std::string(e.what()).find("col_S_0001.jpg"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(dir / "c"));
}

TEST(CaptureSession, AFullDiskIsAClearErrorAndNoHalfFile) {
    facet::test::TempDir dir;
    const std::string mountPoint = dir / "tiny";
    fs::create_directories(mountPoint);
    if (mount("tmpfs", mountPoint.c_str(), "tmpfs", 0, "size=64k") != 0)
        GTEST_SKIP() << "cannot mount a small tmpfs here (needs root): the full-disk case is not exercised";
    struct Unmount {
        std::string p;
        ~Unmount() { umount(p.c_str()); }
    } unmount{mountPoint};
    CaptureSession session({mountPoint, "col", "S", "{collection}_{sku}_{seq:04}.{ext}", ""});
    std::vector<uint8_t> big(256 * 1024, 0x5A);
    try {
        session.keep({"", "IMG_0001.JPG"}, big, 0);
        FAIL() << "a 256 KB frame fitted on a 64 KB disk";
    } catch (const facet::OutputError& e) {
        EXPECT_NE(std::string(e.what()).find("space"), std::string::npos) << e.what();
    }
    EXPECT_EQ(filesIn(mountPoint), 1u) << "only the journal may be there: no half file, no temporary";
    EXPECT_TRUE(session.unprocessed().empty());
}
