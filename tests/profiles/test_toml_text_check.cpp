#include "profiles/profile_error.hpp"
#include "profiles/profile_loader.hpp"
#include "profiles/toml_text_check.hpp"

#include <gtest/gtest.h>

namespace facet {
namespace {

ProfileIssue firstIssue(const std::string& text) {
    try {
        parseProfileText(text, "t.toml", nullptr);
    } catch (const ProfileError& e) {
        return e.issues.at(0);
    }
    ADD_FAILURE() << "expected an error for: " << text;
    return {};
}

TEST(TomlTextCheck, NonAsciiOutsideQuotesIsRefusedWithItsLine) {
    // Found by the fuzzer: '¿' (U+00BF) where a key may start made toml++ 3.3 reach
    // __builtin_unreachable() (undefined behaviour) instead of reporting an error.
    ProfileIssue i = firstIssue("version = 2@@@@@@\xC2\xBF@@@\n");
    EXPECT_EQ(i.line, 1);
    EXPECT_NE(i.message.find("U+00BF outside quotes"), std::string::npos) << i.message;
    i = firstIssue("version = 2\nname = \"x\"\n[camera]\n\xC3\xADso = 100\n");   // "íso"
    EXPECT_EQ(i.line, 4);
}

TEST(TomlTextCheck, LineEndingBackslashBeforeNonAsciiIsRefused) {
    // toml++ issue #190: s = """\<newline>§"""
    ProfileIssue i = firstIssue("version = 2\nname = \"x\"\ntitle = \"\"\"\\\n\xC2\xA7\"\"\"\n");
    EXPECT_EQ(i.line, 4);
    EXPECT_NE(i.message.find("line-ending backslash"), std::string::npos) << i.message;
}

TEST(TomlTextCheck, MalformedUtf8IsNamed) {
    ProfileIssue i = firstIssue("version = 2\nname = \"\xCC\"\n");
    EXPECT_EQ(i.line, 2);
    EXPECT_NE(i.message.find("not valid UTF-8"), std::string::npos) << i.message;
    EXPECT_NE(firstIssue("\xCC\xAA").message.find("outside quotes"), std::string::npos);   // toml++ issue #295
}

TEST(TomlTextCheck, UnicodeInStringsAndCommentsIsFine) {
    Profile p = parseProfileText(
        "version = 2 # réglage\nname = \"velours-noir\"\ntitle = \"Velours noir, é à ü — 珠宝\"\n"
        "[guidance]\nsummary = \"\"\"Lumière douce \\\n  sur le velours\"\"\"\ntips = ['très', '''«guillemets»''']\n",
        "t.toml", nullptr);
    EXPECT_EQ(p.title, "Velours noir, é à ü — 珠宝");
    EXPECT_EQ(p.guidance.summary, "Lumière douce sur le velours");
    EXPECT_EQ(p.guidance.tips.size(), 2u);
}

}  // namespace
}  // namespace facet
