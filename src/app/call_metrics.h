// The call layer's counters as Prometheus text for /metrics (api::Metrics::set_source).
#pragma once

#include <string>

#include "call/call_manager.h"

namespace va::app {

// va_calls_placed_total, va_calls_inbound_total, va_calls_ended_total and
// va_sip_invites_refused_total{reason="inbound_acl"|"other"} and
// va_ai_watchdog_total{step="nudge"|"reconnect"|"give_up"|"recovered"}.
std::string call_metrics_text(const call::CallManager::Counters& c);

}  // namespace va::app
