// The language of a callee's phone number (agent profiles' language "auto").
#include "call/spoken_language.h"

#include <gtest/gtest.h>

namespace va::call {
namespace {

std::string tag_of(std::string_view number) {
  auto l = language_for_number(number);
  return l ? l->tag : "-";
}

TEST(SpokenLanguageTest, CountriesOfTheOldSystemAndTheirFormalAddress) {
  struct Case {
    const char* number;
    const char* tag;
    const char* address;
  };
  for (const auto& c :
       {Case{"+4930123456", "de-DE", "Sie"}, Case{"+33142685300", "fr-FR", "vous"},
        Case{"+34911234567", "es-ES", "usted"}, Case{"+390612345678", "it-IT", "Lei"},
        Case{"+12125550100", "en-US", ""}, Case{"+442071234567", "en-GB", ""},
        Case{"+43 1 234567", "de-DE", "Sie"}, Case{"+41441234567", "de-DE", "Sie"}}) {
    auto l = language_for_number(c.number);
    ASSERT_TRUE(l) << c.number;
    EXPECT_EQ(l->tag, c.tag) << c.number;
    EXPECT_EQ(l->address, c.address) << c.number;
    EXPECT_FALSE(l->name.empty()) << c.number;
  }
  EXPECT_EQ(language_for_number("+4930123456")->name, "German");
}

TEST(SpokenLanguageTest, TheLongestCallingCodeWins) {
  EXPECT_EQ(tag_of("+351912345678"), "pt-PT");  // 351, not 35 (no such code) or 3
  EXPECT_EQ(tag_of("+353861234567"), "en-GB");  // Ireland
  EXPECT_EQ(tag_of("+380441234567"), "uk-UA");  // 380, not 38
  EXPECT_EQ(tag_of("+420212345678"), "cs-CZ");  // 420, not 42
  EXPECT_EQ(tag_of("+74951234567"), "ru-RU");   // one digit
  EXPECT_EQ(tag_of("+5511912345678"), "pt-BR");
}

TEST(SpokenLanguageTest, WrittenFormsOfTheSameNumber) {
  EXPECT_EQ(tag_of("004930123456"), "de-DE");
  EXPECT_EQ(tag_of("+49 (30) 123-45.6"), "de-DE");
  EXPECT_EQ(tag_of("sip:+4930123456@gw.example;user=phone"), "de-DE");
  EXPECT_EQ(tag_of("sips:0033142685300@gw.example"), "fr-FR");
  EXPECT_EQ(tag_of("tel:+390612345678"), "it-IT");
}

TEST(SpokenLanguageTest, NoLanguageWithoutAKnownCountry) {
  EXPECT_EQ(tag_of("030123456"), "-");   // national: no country in it
  EXPECT_EQ(tag_of("+"), "-");           // nothing after the plus
  EXPECT_EQ(tag_of("+1"), "-");          // the code alone is not a number
  EXPECT_EQ(tag_of("+999123456"), "-");  // unassigned code
  EXPECT_EQ(tag_of("+49abc"), "-");      // not a number
  EXPECT_EQ(tag_of("sip:alice@example.com"), "-");
  EXPECT_EQ(tag_of(""), "-");
  EXPECT_EQ(tag_of("++4930"), "-");
  EXPECT_EQ(tag_of(std::string(5000, '+')), "-");
}

}  // namespace
}  // namespace va::call
