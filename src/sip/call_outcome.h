// CallOutcome: why an outgoing INVITE (RFC 3261 13.2.2) ended without an answer, in the terms
// the call layer reports: busy, no answer, rejected, unreachable, cancelled.
#pragma once

#include <string>

namespace va::sip {

enum class CallOutcome {
  Busy,         // 486 Busy Here, 600 Busy Everywhere
  NoAnswer,     // 408 / 480 from the far end, or our dial timeout (CANCEL -> 487)
  Rejected,     // any other 3xx-6xx (403, 404, 484, 488, 603, a 401/407 we cannot answer...)
  Unreachable,  // no response at all (transaction timeout), a transport error, no route
  Cancelled,    // we cancelled (OutgoingCall::cancel); never reported as an event
  Congestion,   // the gateway has no line free: 503, or a Reason with Q.850 cause 34/38/41/42
};

const char* to_string(CallOutcome o);  // "busy", "no_answer", ...

// The outcome of a final non-2xx `status` (300-699). `local`: the transaction made it up (408
// timeout or 503 transport error: no response ever arrived). `dial_timed_out`: our dial
// timeout fired and we sent CANCEL, so the 487 means no answer.
CallOutcome outcome_for_status(int status, bool local, bool dial_timed_out);

// Does a Reason header value (RFC 3326, e.g. `Q.850;cause=34;text="No circuit"`) carry a
// Q.850 cause of congestion: 34 no circuit, 38 network out of order, 41 temporary failure,
// 42 switching equipment congestion? Several comma-separated reasons: any of them.
bool is_congestion_reason(const std::string& reason_header);

}  // namespace va::sip
