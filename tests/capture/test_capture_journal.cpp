#include "capture/capture_journal.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <fstream>

using namespace facet::capture;

TEST(CaptureJournal, ARestartContinuesTheNumberingAndFindsUnprocessedCaptures) {
    facet::test::TempDir dir;
    const std::string path = dir / "capture-journal.tsv";
    {
        CaptureJournal j(path);
        EXPECT_EQ(j.lastSequence(), 0u);
        j.recordCaptured({1, "c_1.jpg", "IMG_1.JPG", "velvet", false, ""});
        j.recordCaptured({2, "c_2.jpg", "IMG_2.JPG", "velvet", false, ""});
        j.recordCaptured({2, "c_2.tif", "IMG_2.TIF", "velvet", false, ""});
        j.recordProcessed(1, "c_1.jpg", "c_1.png");
    }
    CaptureJournal again(path);
    EXPECT_EQ(again.lastSequence(), 2u);
    auto pending = again.unprocessed();
    ASSERT_EQ(pending.size(), 2u);
    EXPECT_EQ(pending[0].file, "c_2.jpg");
    EXPECT_EQ(pending[1].file, "c_2.tif");
    EXPECT_EQ(pending[0].profile, "velvet");
    EXPECT_EQ(again.captures().front().cutout, "c_1.png");
}

TEST(CaptureJournal, ATornLastLineIsIgnored) {
    facet::test::TempDir dir;
    const std::string path = dir / "capture-journal.tsv";
    {
        std::ofstream out(path);
        out << "captured\t1\ta.jpg\tIMG_1.JPG\tp\n";
        out << "captured\t9\tb.j";  // the power went mid-line
    }
    CaptureJournal j(path);
    EXPECT_EQ(j.lastSequence(), 1u);
    EXPECT_EQ(j.captures().size(), 1u);
}
