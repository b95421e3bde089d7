// rtp config mapping tests: [rtp] settings reach the pool and the session, bad values clamp.
#include "rtp/config.h"

#include <gtest/gtest.h>

namespace va::rtp {
namespace {

TEST(RtpConfig, SettingsReachPoolAndSession) {
  core::RtpConfig c;
  c.port_min = 12000;
  c.port_max = 12999;
  c.port_rest_s = 7;
  c.learning_packets = 6;
  c.learning_window_ms = 2500;
  c.inactivity_timeout_s = 12;
  const auto p = port_pool_config(c);
  EXPECT_EQ(p.port_min, 12000);
  EXPECT_EQ(p.port_max, 12999);
  EXPECT_EQ(p.port_rest, std::chrono::seconds(7));
  const auto s = session_config(c);
  EXPECT_EQ(s.learning.probation, 6);
  EXPECT_EQ(s.learning.window, std::chrono::milliseconds(2500));
  EXPECT_EQ(s.inactivity_timeout, std::chrono::seconds(12));
}

TEST(RtpConfig, OutOfRangeValuesAreClamped) {
  core::RtpConfig c;
  c.port_min = 80;
  c.port_max = 70000;
  c.learning_packets = 0;
  const auto p = port_pool_config(c);
  EXPECT_EQ(p.port_min, 1024);
  EXPECT_EQ(p.port_max, 65535);
  EXPECT_EQ(session_config(c).learning.probation, 1);
}

}  // namespace
}  // namespace va::rtp
