// CallOutcome: why an outgoing INVITE (RFC 3261 13.2.2) ended without an answer, in the terms
// the call layer reports: busy, no answer, rejected, unreachable, cancelled.
#pragma once

namespace va::sip {

enum class CallOutcome {
  Busy,         // 486 Busy Here, 600 Busy Everywhere
  NoAnswer,     // 408 / 480 from the far end, or our dial timeout (CANCEL -> 487)
  Rejected,     // any other 3xx-6xx (403, 404, 484, 488, 603, a 401/407 we cannot answer...)
  Unreachable,  // no response at all (transaction timeout), a transport error, no route
  Cancelled,    // we cancelled (OutgoingCall::cancel); never reported as an event
};

const char* to_string(CallOutcome o);  // "busy", "no_answer", ...

// The outcome of a final non-2xx `status` (300-699). `local`: the transaction made it up (408
// timeout or 503 transport error: no response ever arrived). `dial_timed_out`: our dial
// timeout fired and we sent CANCEL, so the 487 means no answer.
CallOutcome outcome_for_status(int status, bool local, bool dial_timed_out);

}  // namespace va::sip
