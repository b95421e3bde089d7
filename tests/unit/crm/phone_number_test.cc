// crm::normalize_number: the one normal form of a dialled number (CLI, REST and router).
#include "crm/phone_number.h"

#include <gtest/gtest.h>

namespace va::crm {
namespace {

TEST(PhoneNumber, VisualSeparatorsAreDroppedAndTheLeadingPlusKept) {
  EXPECT_EQ(normalize_number("+49 (30) 555-01"), "+493055501");
  EXPECT_EQ(normalize_number("030.555.01"), "03055501");
  EXPECT_EQ(normalize_number("0301234"), "0301234");  // leading zeros are part of a DID
}

TEST(PhoneNumber, StarAndHashServiceCodesSurvive) {
  EXPECT_EQ(normalize_number("*31#0123"), "*31#0123");
}

TEST(PhoneNumber, LettersAndMisplacedPlusesAreRefused) {
  EXPECT_FALSE(normalize_number("0123a"));
  EXPECT_FALSE(normalize_number("12+3"));
  EXPECT_FALSE(normalize_number("++49"));
  EXPECT_FALSE(normalize_number("sip:+4930@example.com"));
  EXPECT_FALSE(normalize_number("+4930\n"));
}

TEST(PhoneNumber, EmptyAndOverlongNumbersAreRefused) {
  EXPECT_FALSE(normalize_number(""));
  EXPECT_FALSE(normalize_number("+"));
  EXPECT_FALSE(normalize_number(" - ( ) "));
  EXPECT_EQ(normalize_number("+" + std::string(32, '1')), "+" + std::string(32, '1'));
  EXPECT_FALSE(normalize_number(std::string(33, '1')));
}

}  // namespace
}  // namespace va::crm
