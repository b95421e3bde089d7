// EndReason: why a call ended, as stored in the call record (end_reason) and shown in the UI;
// the outcome column is the coarse class a call centre reports on (answered, busy, ...).
#pragma once

#include <string_view>

namespace va::call {

enum class EndReason {
  RemoteHangup,    // BYE from the far end
  LocalHangup,     // POST /api/calls/{id}/hangup
  AiEndCall,       // the model called end_call
  MaxDuration,     // limits.max_call_duration_s
  RtpTimeout,      // no RTP for rtp.inactivity_timeout_s: the gateway vanished
  AiFailed,        // the AI session failed and could not resume
  AckTimeout,      // our 200 OK was never ACKed (RFC 3261 13.3.1.4)
  SessionExpired,  // RFC 4028 refresh missing
  Busy,            // 486/600
  NoAnswer,        // dial timeout, 408/480
  Rejected,        // other 4xx-6xx
  Congestion,      // 503 or Q.850 cause 34/38/41/42: the gateway had no line (outcome rejected)
  Unreachable,     // transport error or no response at all
  Cancelled,       // hung up before the far end answered (either side)
  NoMedia,         // no usable SDP / no common codec / no local port
  Shutdown,        // the server stopped
  Voicemail,       // an answering machine answered (ai.voicemail_action = hangup)
  AiStalled,       // the AI went silent and neither a nudge nor a reconnect revived it
  Transferred,     // handed to a person (REFER accepted and the transfer succeeded)
};

std::string_view to_string(EndReason reason);
// answered | transferred | busy | no_answer | rejected | unreachable | cancelled | failed
std::string_view outcome_of(EndReason reason, bool was_answered);

}  // namespace va::call
