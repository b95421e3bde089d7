// TLS metrics: Prometheus text format 0.0.4.
#include "app/tls_metrics.h"

#include "app/call_metrics.h"

namespace va::app {

namespace {

void help(std::string& out, const char* name, const char* type, const char* text) {
  out += std::string("# HELP ") + name + " " + text + "\n# TYPE " + name + " " + type + "\n";
}

std::string value(const std::atomic<std::uint64_t>& c) {
  return std::to_string(c.load(std::memory_order_relaxed));
}

}  // namespace

std::string tls_metrics_text(const sip::TlsCounters& c) {
  std::string out;
  help(out, "va_sip_tls_handshakes_ok_total", "counter", "SIP over TLS handshakes completed.");
  out += "va_sip_tls_handshakes_ok_total " + value(c.handshakes_ok) + "\n";
  help(out, "va_sip_tls_handshakes_failed_total", "counter",
       "SIP over TLS connections that did not come up, by reason: certificate verification "
       "(hostname_mismatch, untrusted, expired, verify_other), handshake, or the TCP connect.");
  for (int i = 0; i < sip::kTlsFailureCount; ++i) {
    const auto failure = static_cast<sip::TlsFailure>(i);
    out += "va_sip_tls_handshakes_failed_total{reason=\"" + std::string(sip::to_string(failure)) +
           "\"} " + std::to_string(c.failed(failure)) + "\n";
  }
  help(out, "va_sip_tls_connections", "gauge", "Live SIP over TLS connections.");
  out += "va_sip_tls_connections " +
         std::to_string(c.connections_live.load(std::memory_order_relaxed)) + "\n";
  help(out, "va_sip_keepalives_total", "counter",
       "RFC 5626 CRLF keep-alives on TLS: pings we sent, pongs back, peers' pings answered, "
       "flows closed for want of a pong.");
  out += "va_sip_keepalives_total{kind=\"ping_sent\"} " + value(c.pings_sent) + "\n";
  out += "va_sip_keepalives_total{kind=\"pong_received\"} " + value(c.pongs_received) + "\n";
  out += "va_sip_keepalives_total{kind=\"ping_answered\"} " + value(c.pings_answered) + "\n";
  out += "va_sip_keepalives_total{kind=\"flow_failed\"} " + value(c.flows_failed) + "\n";
  return out;
}

std::string metrics_text(const call::CallManager::Counters& calls, const sip::TlsCounters& tls) {
  return call_metrics_text(calls) + tls_metrics_text(tls);
}

}  // namespace va::app
