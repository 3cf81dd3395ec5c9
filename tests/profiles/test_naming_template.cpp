#include "pipeline/errors.hpp"
#include "profiles/naming_template.hpp"

#include <gtest/gtest.h>

namespace facet {
namespace {

TEST(NamingTemplate, ExpandsFieldsWithZeroPadding) {
    NamingFields f{{"collection", "spring-rings"}, {"sku", "R-1042"}, {"seq", "7"}, {"ext", "cr2"}};
    EXPECT_EQ(expandNamingTemplate(kDefaultNamingTemplate, f), "spring-rings_R-1042_0007.cr2");
    f["seq"] = "12345";
    EXPECT_EQ(expandNamingTemplate("{sku}-{seq:04}", f), "R-1042-12345");  // never truncated
    EXPECT_EQ(expandNamingTemplate("{{{sku}}}", f), "{R-1042}");
}

TEST(NamingTemplate, ValuesCannotEscapeTheFolder) {
    NamingFields f{{"sku", "../../etc/passwd"}, {"seq", "1"}};
    EXPECT_EQ(expandNamingTemplate("{sku}", f), "-..-etc-passwd");
    EXPECT_EQ(expandNamingTemplate("{sku}_{seq}", {{"sku", "a/b:c"}, {"seq", "1"}}), "a-b-c_1");
}

TEST(NamingTemplate, MistakesAreClearErrors) {
    NamingFields f{{"sku", "R1"}, {"seq", "x"}};
    EXPECT_THROW(expandNamingTemplate("{sku}_{collection}", f), InputError);
    EXPECT_THROW(expandNamingTemplate("{seq:04}", f), InputError);   // not a number
    EXPECT_THROW(expandNamingTemplate("{sku:x4}", f), InputError);   // unknown format
    EXPECT_THROW(expandNamingTemplate("{sku", f), InputError);
    EXPECT_THROW(expandNamingTemplate("sku}", f), InputError);
    try {
        expandNamingTemplate("{collection}_{sku}", f);
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("no value for {collection}"), std::string::npos);
    }
    EXPECT_EQ(namingTemplateFields(kDefaultNamingTemplate), (std::vector<std::string>{"collection", "sku", "seq", "ext"}));
}

}  // namespace
}  // namespace facet
