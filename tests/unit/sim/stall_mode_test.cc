// StallConfig: the --stall / --stall-until / --stall-key names, per-key modes and recoveries,
// and bad specs refused.
#include "sim/stall_mode.h"

#include <gtest/gtest.h>

namespace va::sim {
namespace {

TEST(StallMode, NamesParseAndOthersAreRefused) {
  StallMode m = StallMode::None;
  EXPECT_TRUE(parse_stall_mode("silent", m));
  EXPECT_EQ(m, StallMode::Silent);
  EXPECT_TRUE(parse_stall_mode("zeros", m));
  EXPECT_EQ(m, StallMode::Zeros);
  EXPECT_FALSE(parse_stall_mode("quiet", m));
  StallRecovery r = StallRecovery::Never;
  EXPECT_TRUE(parse_stall_recovery("reconnect", r));
  EXPECT_EQ(r, StallRecovery::Reconnect);
  EXPECT_FALSE(parse_stall_recovery("", r));
}

TEST(StallMode, WithoutKeysEveryKeyStallsAlike) {
  StallConfig c;
  c.mode = StallMode::Zeros;
  c.until = StallRecovery::Nudge;
  EXPECT_EQ(c.for_key("any").mode, StallMode::Zeros);
  EXPECT_EQ(c.for_key("any").until, StallRecovery::Nudge);
}

TEST(StallMode, ListedKeysHaveTheirOwnModeAndOthersNeverStall) {
  StallConfig c;
  c.mode = StallMode::Silent;
  ASSERT_TRUE(add_stall_key("k1", c));  // the defaults
  ASSERT_TRUE(add_stall_key("k2:zeros", c));
  ASSERT_TRUE(add_stall_key("k3:silent:reconnect", c));
  EXPECT_EQ(c.for_key("k1").mode, StallMode::Silent);
  EXPECT_EQ(c.for_key("k2").mode, StallMode::Zeros);
  EXPECT_EQ(c.for_key("k2").until, StallRecovery::Never);
  EXPECT_EQ(c.for_key("k3").until, StallRecovery::Reconnect);
  EXPECT_EQ(c.for_key("other").mode, StallMode::None);
  EXPECT_FALSE(add_stall_key("", c));
  EXPECT_FALSE(add_stall_key(":silent", c));
  EXPECT_FALSE(add_stall_key("k4:loud", c));
  EXPECT_FALSE(add_stall_key("k4:silent:later", c));
}

}  // namespace
}  // namespace va::sim
