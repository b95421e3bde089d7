// Issue 20: /metrics counts the INVITEs the inbound ACL refused, apart from other refusals.
#include "app/call_metrics.h"

#include <gtest/gtest.h>

#include "api/metrics.h"

namespace va::app {
namespace {

TEST(CallMetrics, RefusedInvitesAreCountedByReasonInMetrics) {
  call::CallManager::Counters c;
  c.placed = 4;
  c.inbound = 2;
  c.inbound_refused = 7;
  c.acl_refused = 5;
  c.ended = 6;
  api::Metrics metrics;
  metrics.set_source([c] { return call_metrics_text(c); });
  const auto text = metrics.render();
  EXPECT_NE(text.find("va_sip_invites_refused_total{reason=\"inbound_acl\"} 5\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("va_sip_invites_refused_total{reason=\"other\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE va_sip_invites_refused_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("va_calls_placed_total 4\n"), std::string::npos);
  metrics.set_source({});
  EXPECT_EQ(metrics.render().find("va_sip_invites_refused_total"), std::string::npos);
}

}  // namespace
}  // namespace va::app
