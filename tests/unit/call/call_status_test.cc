// CallStatus: one name per status, the same both ways (the database column and the API's
// "status" carry these words, DESIGN.md).
#include "crm/call_status.h"

#include <gtest/gtest.h>

namespace va::crm {
namespace {

TEST(CallStatusTest, EveryStatusHasTheContractNameAndParsesBack) {
  const std::pair<CallStatus, std::string_view> table[] = {{CallStatus::Dialing, "dialing"},
                                                           {CallStatus::Ringing, "ringing"},
                                                           {CallStatus::Active, "active"},
                                                           {CallStatus::Ended, "ended"}};
  for (const auto& [status, name] : table) {
    EXPECT_EQ(to_string(status), name);
    EXPECT_EQ(call_status_from_string(name), status) << name;
  }
}

TEST(CallStatusTest, OtherTextIsNoStatusAndOnlyEndedIsNotLive) {
  EXPECT_FALSE(call_status_from_string(""));
  EXPECT_FALSE(call_status_from_string("Ended"));
  EXPECT_FALSE(call_status_from_string("setup"));
  EXPECT_TRUE(is_live(CallStatus::Dialing));
  EXPECT_TRUE(is_live(CallStatus::Ringing));
  EXPECT_TRUE(is_live(CallStatus::Active));
  EXPECT_FALSE(is_live(CallStatus::Ended));
}

}  // namespace
}  // namespace va::crm
