#include "pipeline/atomic_file.hpp"
#include "pipeline/errors.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <fstream>

using namespace facet;
namespace fs = std::filesystem;

TEST(AtomicFile, WritesTheWholeFileUnderTheFinalName) {
    test::TempDir dir;
    writeBytesAtomically(dir / "a.txt", "hello");
    std::ifstream in(dir / "a.txt");
    std::string s;
    in >> s;
    EXPECT_EQ(s, "hello");
    EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

TEST(AtomicFile, AFailedWriteLeavesNothingAndKeepsTheOldFile) {
    test::TempDir dir;
    writeBytesAtomically(dir / "a.txt", "old");
    EXPECT_THROW(writeAtomically(dir / "a.txt",
                                 [](const std::string& tmp) {
                                     std::ofstream(tmp) << "half";
                                     throw OutputError("disk full");
                                 }),
                 OutputError);
    std::ifstream in(dir / "a.txt");
    std::string s;
    in >> s;
    EXPECT_EQ(s, "old");
    EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

TEST(AtomicFile, MissingFolderIsAClearError) {
    try {
        writeBytesAtomically("/nonexistent-folder-facet/x.png", "x");
        FAIL() << "expected OutputError";
    } catch (const OutputError& e) {
        EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos);
    }
}
