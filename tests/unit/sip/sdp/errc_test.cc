#include "sip/sdp/errc.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace va::sdp {
namespace {

TEST(SdpErrc, EveryCodeHasItsOwnDescriptionInTheSdpCategory) {
  std::set<std::string> seen;
  for (int i = 0; i <= static_cast<int>(Errc::NoOfferPending); ++i) {
    const std::error_code ec = static_cast<Errc>(i);
    EXPECT_STREQ(ec.category().name(), "sdp");
    EXPECT_NE(ec.message(), "unknown SDP error") << i;
    EXPECT_TRUE(seen.insert(ec.message()).second) << "duplicate: " << ec.message();
  }
  EXPECT_EQ(std::error_code(Errc::MissingConnection).message(), "missing c= for media");
  EXPECT_FALSE(std::error_code(Errc::Ok));
}

}  // namespace
}  // namespace va::sdp
