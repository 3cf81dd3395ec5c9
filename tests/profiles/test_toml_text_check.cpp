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
    // Found by the fuzzer: U+00BF where a key may start made toml++ 3.3 reach
    // __builtin_unreachable() (undefined behaviour) instead of reporting an error.
    ProfileIssue i = firstIssue("version = 2@@@@@@\xC2\xBF@@@\n");
    EXPECT_EQ(i.line, 1);
    EXPECT_NE(i.message.find("U+00BF outside quotes"), std::string::npos) << i.message;
    i = firstIssue("version = 2\nname = \"x\"\n[camera]\n\xC3\xADso = 100\n");   // "iso" with an accent
    EXPECT_EQ(i.line, 4);
}

TEST(TomlTextCheck, CharactersToml33CannotClassifyStillWorkInStrings) {
    // toml++ issue #190: a line-ending backslash followed by U+00A7 reached
    // __builtin_unreachable(); the character is swapped before parsing and back after.
    const std::string title = "\xC2\xA7 Stra\xC3\x9F" "e";
    Profile p = parseProfileText("version = 2\nname = \"x\"\ntitle = \"\"\"\\\n" + title + "\"\"\"\n", "t.toml", nullptr);
    EXPECT_EQ(p.title, title);
    // Found by the fuzzer: a parse error, then Cyrillic inside what toml++ scanned as garbage.
    ProfileIssue i = firstIssue("vS=5ctypeIcE-velvede_g''jpe='''jpegq)uazzpg\xD1\x8A");
    EXPECT_EQ(i.line, 1);
    EXPECT_NE(i.message.find("not valid TOML"), std::string::npos) << i.message;
    // A quoted key keeps its characters (and is unknown, named as written).
    ProfileIssue key = firstIssue("version = 2\nname = \"x\"\n\"\xC3\xA9\x63lairage\" = 1\n");
    EXPECT_NE(key.message.find("unknown field '\xC3\xA9\x63lairage'"), std::string::npos) << key.message;
    EXPECT_EQ(key.line, 3);
}

TEST(TomlTextCheck, SwapUsesUnusedPrivateCharactersAndRestoresThem) {
    const std::string text = "a = \"\xC3\xA9 \xEE\x80\x80\"";   // e-acute and U+E000 itself
    SafeTomlText safe = makeTomlTextSafe(text);
    EXPECT_EQ(safe.text.find("\xC3\xA9"), std::string::npos);
    ASSERT_EQ(safe.restore.size(), 1u);
    EXPECT_NE(safe.restore.begin()->first, "\xEE\x80\x80");   // U+E000 was in use: not chosen
    EXPECT_EQ(safe.restored(safe.text), text);
}

TEST(TomlTextCheck, MalformedUtf8IsNamed) {
    ProfileIssue i = firstIssue("version = 2\nname = \"\xCC\"\n");
    EXPECT_EQ(i.line, 2);
    EXPECT_NE(i.message.find("not valid UTF-8"), std::string::npos) << i.message;
    EXPECT_NE(firstIssue("\xCC\xAA").message.find("outside quotes"), std::string::npos);   // toml++ issue #295
}

TEST(TomlTextCheck, UnicodeInStringsAndCommentsIsFine) {
    Profile p = parseProfileText(
        "version = 2 # r\xC3\xA9glage\nname = \"velours-noir\"\ntitle = \"Velours noir, \xC3\xA9 \xC3\xA0 \xC3\xBC\"\n"
        "[guidance]\nsummary = \"\"\"Lumi\xC3\xA8re douce \\\n  sur le velours\"\"\"\ntips = ['tr\xC3\xA8s', '''x''']\n",
        "t.toml", nullptr);
    EXPECT_EQ(p.title, "Velours noir, \xC3\xA9 \xC3\xA0 \xC3\xBC");
    EXPECT_EQ(p.guidance.summary, "Lumi\xC3\xA8re douce sur le velours");
    EXPECT_EQ(p.guidance.tips.at(0), "tr\xC3\xA8s");
}

}  // namespace
}  // namespace facet

namespace facet {
namespace {

// toml++ 3.3's is_non_ascii_horizontal_whitespace(), as written there, reduced to the question
// "does it reach TOML_UNREACHABLE for this code point?".
bool reachesUnreachableInToml33(char32_t c) {
    if (c < 0xA0 || c > 0xFEFF) return false;
    const unsigned long long child = (static_cast<unsigned long long>(c) - 0xA0ull) / 0x3FAull;
    if ((1ull << child) & 0x7FFFFFFFFFFFF75Eull) return false;
    if (c == 0xA0 || c == 0x3000 || c == 0xFEFF) return false;
    return child != 0x05 && child != 0x07;
}

TEST(TomlTextCheck, SwapCoversExactlyTheCodePointsToml33CannotClassify) {
    int mismatches = 0;
    for (char32_t c = 0; c <= 0x10FFFF; ++c) mismatches += reachesUnreachableInToml33(c) != tomlPlusPlus33CannotClassify(c);
    EXPECT_EQ(mismatches, 0);
    // The private-use substitutes are themselves safe.
    for (char32_t c = 0xE000; c <= 0xF8FF; ++c) ASSERT_FALSE(reachesUnreachableInToml33(c));
}

TEST(TomlTextCheck, FuzzerFindingInsideGarbageAfterAnError) {
    // U+FEFD inside a string the parser never reached cleanly (third fuzzer finding).
    const std::string text("version = 0\x01\0\0\0\0\0\0\x0e\"my&v\0\x01" "elve\xEF\xBB\xBDt\"F\0\0" "0\x01", 38);
    EXPECT_THROW(parseProfileText(text, "t.toml", nullptr), ProfileError);
}

}  // namespace
}  // namespace facet
