#include "gui/station_script.hpp"
#include "pipeline/errors.hpp"

#include <gtest/gtest.h>

using namespace facet::station;

TEST(StationScript, ReadsActionsSkippingCommentsAndBlankLines) {
    const auto actions = parseScript("# demo\n\noverlay matte on\ncapture   # press Space\nwait-cutout\n"
                                     "zoom 400\nbackground #ff8800\nsimulate spill left\nscreenshot /tmp/a.png\nquit\n",
                                     "demo.txt");
    ASSERT_EQ(actions.size(), 8u);
    EXPECT_EQ(actions[0].verb, "overlay");
    EXPECT_EQ(actions[0].args, (std::vector<std::string>{"matte", "on"}));
    EXPECT_EQ(actions[0].line, 3);
    EXPECT_EQ(actions[1].verb, "capture");
    EXPECT_TRUE(actions[1].args.empty());
    EXPECT_EQ(actions[5].args, (std::vector<std::string>{"spill", "left"}));
    EXPECT_EQ(actions[7].verb, "quit");
}

static std::string errorOf(const std::string& text) {
    try {
        parseScript(text, "s.txt");
    } catch (const facet::InputError& e) {
        return e.what();
    }
    return "";
}

TEST(StationScript, NamesFileAndLineOfAnUnknownAction) {
    const std::string e = errorOf("capture\nfocus-stack 3\n");
    EXPECT_NE(e.find("s.txt:2"), std::string::npos) << e;
    EXPECT_NE(e.find("focus-stack"), std::string::npos) << e;
}

TEST(StationScript, RejectsWrongArguments) {
    EXPECT_NE(errorOf("overlay sparkle on\n").find("unknown overlay"), std::string::npos);
    EXPECT_NE(errorOf("overlay matte maybe\n").find("on or off"), std::string::npos);
    EXPECT_NE(errorOf("zoom 2000\n").find("outside"), std::string::npos);
    EXPECT_NE(errorOf("zoom big\n").find("number"), std::string::npos);
    EXPECT_NE(errorOf("capture now\n").find("takes 0"), std::string::npos);
    EXPECT_NE(errorOf("background mauve\n").find("#RRGGBB"), std::string::npos);
    EXPECT_EQ(errorOf("background checker\nbackground #A0b0C0\n"), "");
}

TEST(StationScript, MissingFileIsAnInputError) {
    EXPECT_THROW(loadScript("/nonexistent/script.txt"), facet::InputError);
}
