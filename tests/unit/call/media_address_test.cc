#include "call/media_address.h"

#include <gtest/gtest.h>

namespace va::call {
namespace {

TEST(MediaAddress, PublicAddressWinsAndLosesItsPort) {
  EXPECT_EQ(choose_media_address("203.0.113.5:5060", "0.0.0.0:5060", "127.0.0.1"), "203.0.113.5");
  EXPECT_EQ(choose_media_address("[2001:db8::5]:5060", "0.0.0.0:5060", ""), "2001:db8::5");
}

TEST(MediaAddress, ConcreteListenAddressIsUsed) {
  EXPECT_EQ(choose_media_address("", "127.0.0.2:5060", "127.0.0.1"), "127.0.0.2");
  EXPECT_EQ(choose_media_address("", "[::1]:5060", ""), "::1");
}

TEST(MediaAddress, WildcardListenTakesTheRouteTowardsThePeer) {
  EXPECT_EQ(choose_media_address("", "0.0.0.0:5060", "127.0.0.1"), "127.0.0.1");
}

TEST(MediaAddress, HostOfHandlesEveryForm) {
  EXPECT_EQ(host_of("192.0.2.1:5060"), "192.0.2.1");
  EXPECT_EQ(host_of("192.0.2.1"), "192.0.2.1");
  EXPECT_EQ(host_of("[::1]:5060"), "::1");
  EXPECT_EQ(host_of("2001:db8::1"), "2001:db8::1");
}

}  // namespace
}  // namespace va::call
