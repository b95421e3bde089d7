// SIP over TLS counters as Prometheus text for /metrics (appended to the call metrics).
#pragma once

#include <string>

#include "call/call_manager.h"
#include "sip/tls_counters.h"

namespace va::app {

// va_sip_tls_handshakes_ok_total, va_sip_tls_handshakes_failed_total{reason=...} (TlsFailure
// labels), va_sip_tls_connections
// (gauge: live connections), va_sip_keepalives_total{kind="ping_sent"|"pong_received"|
// "ping_answered"|"flow_failed"}.
std::string tls_metrics_text(const sip::TlsCounters& c);
// What /metrics serves: the call metrics (call_metrics.h), then the TLS ones.
std::string metrics_text(const call::CallManager::Counters& calls, const sip::TlsCounters& tls);

}  // namespace va::app
