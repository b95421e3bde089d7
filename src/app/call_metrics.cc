// Call metrics: counters only (monotonic since the start), Prometheus text format 0.0.4.
#include "app/call_metrics.h"

namespace va::app {

namespace {

void counter(std::string& out, const char* name, const char* help) {
  out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " counter\n";
}

}  // namespace

std::string call_metrics_text(const call::CallManager::Counters& c) {
  std::string out;
  counter(out, "va_calls_placed_total", "Outbound calls placed.");
  out += "va_calls_placed_total " + std::to_string(c.placed) + "\n";
  counter(out, "va_calls_inbound_total", "Inbound calls accepted.");
  out += "va_calls_inbound_total " + std::to_string(c.inbound) + "\n";
  counter(out, "va_calls_ended_total", "Calls ended.");
  out += "va_calls_ended_total " + std::to_string(c.ended) + "\n";
  counter(out, "va_sip_invites_refused_total",
          "Inbound INVITEs refused: by sip.inbound_acl, or otherwise (no route, limits, "
          "shutting down).");
  out += "va_sip_invites_refused_total{reason=\"inbound_acl\"} " + std::to_string(c.acl_refused) +
         "\n";
  out += "va_sip_invites_refused_total{reason=\"other\"} " +
         std::to_string(c.inbound_refused - c.acl_refused) + "\n";
  counter(out, "va_ai_watchdog_total",
          "Audio watchdog steps: the AI was silent after the caller spoke (nudge, reconnect, "
          "give_up = apology and hangup), and stalls it recovered from.");
  out += "va_ai_watchdog_total{step=\"nudge\"} " + std::to_string(c.watchdog_nudges) + "\n";
  out += "va_ai_watchdog_total{step=\"reconnect\"} " + std::to_string(c.watchdog_reconnects) + "\n";
  out += "va_ai_watchdog_total{step=\"give_up\"} " + std::to_string(c.watchdog_give_ups) + "\n";
  out += "va_ai_watchdog_total{step=\"recovered\"} " + std::to_string(c.watchdog_recoveries) + "\n";
  counter(out, "va_ai_failover_total",
          "Calls that went on with the other AI provider after theirs failed (at setup, "
          "mid-call without resumption, or the watchdog's give-up), by from, to and reason.");
  for (const auto& f : c.failovers) {
    out += "va_ai_failover_total{from=\"" + f.from + "\",to=\"" + f.to + "\",reason=\"" + f.reason +
           "\"} " + std::to_string(f.count) + "\n";
  }
  counter(out, "va_srtp_packets_dropped_auth_total",
          "SRTP/SRTCP packets dropped because their authentication tag or replay check failed "
          "(forged, replayed or mis-keyed), added up as calls end.");
  out += "va_srtp_packets_dropped_auth_total " + std::to_string(c.srtp_packets_dropped_auth) + "\n";
  return out;
}

}  // namespace va::app
