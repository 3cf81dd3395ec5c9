#include "capture/file_name_template.hpp"
#include "pipeline/errors.hpp"

#include <gtest/gtest.h>

using namespace facet::capture;

TEST(FileNameTemplate, FillsTheFieldsAndPadsTheSequence) {
    FileNameTemplate t("{collection}_{sku}_{seq:04}.{ext}");
    EXPECT_EQ(t.format({"spring", "R1042", 7, "jpg", "IMG_0042"}), "spring_R1042_0007.jpg");
    EXPECT_EQ(t.format({"spring", "R1042", 12345, "cr3", ""}), "spring_R1042_12345.cr3");
    FileNameTemplate plain("{sku}-{seq}-{camera_name}.{ext}");
    EXPECT_EQ(plain.format({"c", "S", 3, "tif", "IMG_0042"}), "S-3-IMG_0042.tif");
}

TEST(FileNameTemplate, MakesValuesSafeForFileNames) {
    FileNameTemplate t("{collection}_{sku}_{seq:03}.{ext}");
    EXPECT_EQ(t.format({"rings/gold", "A B", 1, "jpg", ""}), "rings-gold_A-B_001.jpg");
    EXPECT_EQ(safeForFileName(".."), "unnamed");
}

TEST(FileNameTemplate, RejectsTemplatesThatWouldLoseOrMisplaceFrames) {
    auto message = [](const std::string& pattern) {
        try {
            FileNameTemplate t(pattern);
        } catch (const facet::InputError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_NE(message("{collection}.{ext}").find("no {seq}"), std::string::npos);
    EXPECT_NE(message("{colection}_{seq}.{ext}").find("{colection}"), std::string::npos);
    EXPECT_NE(message("{seq:4x}.{ext}").find("{seq:04}"), std::string::npos);
    EXPECT_NE(message("{seq.{ext}").find("never closed"), std::string::npos);
    EXPECT_NE(message("sub/{seq}.{ext}").find("not a path"), std::string::npos);
}
