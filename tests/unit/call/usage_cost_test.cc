// Usage cost: the price table's longest-prefix lookup and the cost by modality; tenant limits'
// month boundary.
#include "call/usage_cost.h"

#include <gtest/gtest.h>

#include "call/tenant_limits.h"

namespace va::call {
namespace {

const std::vector<core::ModelPrice> kPrices = {{"*", 0.5, 3.0, 2.0, 12.0},
                                               {"gpt-realtime", 4.0, 32.0, 16.0, 64.0},
                                               {"gpt-realtime-mini", 0.6, 10.0, 2.4, 20.0}};

TEST(UsageCost, PriceIsTheLongestPrefixMatchElseTheWildcard) {
  EXPECT_EQ(price_for(kPrices, "gpt-realtime-mini-2025")->model, "gpt-realtime-mini");
  EXPECT_EQ(price_for(kPrices, "gpt-realtime")->model, "gpt-realtime");
  EXPECT_EQ(price_for(kPrices, "models/gemini-3.8-live")->model, "*");
  EXPECT_EQ(price_for({{"gemini", 1, 1, 1, 1}}, "models/gemini-3.8-live")->model, "gemini");
  EXPECT_EQ(price_for({{"gpt", 1, 1, 1, 1}}, "models/gemini-3.8-live"), nullptr);
}

TEST(UsageCost, AudioAndTextArePricedApart) {
  ai::UsageMetadata u;
  u.prompt_tokens = 1'000'000;
  u.prompt_audio_tokens = 800'000;
  u.response_tokens = 500'000;
  u.response_audio_tokens = 500'000;
  // 0.2 M text in at 0.5, 0.8 M audio in at 3, 0.5 M audio out at 12 = 0.1 + 2.4 + 6 USD.
  EXPECT_EQ(cost_micros(kPrices, "gemini-3.8-live", u), 8'500'000);
  // Without details every token is text.
  ai::UsageMetadata text;
  text.prompt_tokens = 2000;
  text.response_tokens = 1000;
  EXPECT_EQ(cost_micros(kPrices, "gemini", text), 1000 + 2000);
}

TEST(UsageCost, OverReportedDetailsAreCappedAndNoPriceIsFree) {
  ai::UsageMetadata u;
  u.prompt_tokens = 100;
  u.prompt_audio_tokens = 1000;  // more than the total: capped at it
  EXPECT_EQ(cost_micros(kPrices, "x", u), 300);
  EXPECT_EQ(cost_micros({}, "x", u), 0);
}

TEST(TenantLimits, MonthStartsAtUtcMidnightOfTheFirst) {
  // 2026-12-07T13:41:00Z -> 2026-12-01T00:00:00Z
  EXPECT_EQ(month_start_ms(1796650860000), 1796083200000);
  EXPECT_EQ(month_start_ms(1796083200000), 1796083200000);
  EXPECT_EQ(month_start_ms(1796083199999), 1793491200000);  // the last ms of November
}

}  // namespace
}  // namespace va::call
