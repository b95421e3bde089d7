// LeadZone: explicit zone, the number's country's default zone, the country field.
#include "dialer/lead_zone.h"

#include <gtest/gtest.h>

#include "dialer/calling_codes.h"

namespace va::dialer {
namespace {

TEST(LeadZone, CountryOfNumberByLongestCallingCode) {
  EXPECT_EQ(country_of_number("+4930123456"), "DE");
  EXPECT_EQ(country_of_number("+359888123456"), "BG");
  EXPECT_EQ(country_of_number("+35312345678"), "IE");
  EXPECT_EQ(country_of_number("+12125550100"), "US");
  EXPECT_EQ(country_of_number("+74951234567"), "RU");
  EXPECT_EQ(country_of_number("+999"), "");
  EXPECT_EQ(country_of_number("0301234"), "");
}

TEST(LeadZone, DefaultZoneFromTheTzDatabase) {
  EXPECT_EQ(default_zone_of_country("BG"), "Europe/Sofia");
  EXPECT_EQ(default_zone_of_country("de"), "Europe/Berlin");
  EXPECT_EQ(default_zone_of_country("US"), "America/New_York");
  EXPECT_EQ(default_zone_of_country("ZZ"), "");
}

TEST(LeadZone, ExplicitZoneWinsThenNumberThenCountry) {
  EXPECT_EQ(zone_for_lead("Asia/Tokyo", "+359888123456", "BG"), "Asia/Tokyo");
  EXPECT_EQ(zone_for_lead("", "+359888123456", ""), "Europe/Sofia");
  EXPECT_EQ(zone_for_lead("Not/AZone", "+4930123456", ""), "Europe/Berlin");
  EXPECT_EQ(zone_for_lead("", "+999123", "JP"), "Asia/Tokyo");
  EXPECT_EQ(zone_for_lead("", "+999123", ""), "UTC");
}

TEST(LeadZone, FindsZonesOfTheDatabaseOnly) {
  EXPECT_NE(find_zone("Europe/Sofia"), nullptr);
  EXPECT_EQ(find_zone("Mars/Olympus"), nullptr);
  EXPECT_EQ(find_zone(""), nullptr);
}

}  // namespace
}  // namespace va::dialer
