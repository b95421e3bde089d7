// CallOutcome: mapping of final INVITE responses to call outcomes (RFC 3261 13.2.2.3, 21).
#include "sip/call_outcome.h"

namespace va::sip {

const char* to_string(CallOutcome o) {
  switch (o) {
    case CallOutcome::Busy:
      return "busy";
    case CallOutcome::NoAnswer:
      return "no_answer";
    case CallOutcome::Rejected:
      return "rejected";
    case CallOutcome::Unreachable:
      return "unreachable";
    case CallOutcome::Cancelled:
      return "cancelled";
  }
  return "unknown";
}

CallOutcome outcome_for_status(int status, bool local, bool dial_timed_out) {
  if (local) return CallOutcome::Unreachable;
  if (dial_timed_out) return CallOutcome::NoAnswer;
  switch (status) {
    case 486:
    case 600:
      return CallOutcome::Busy;
    case 408:
    case 480:
      return CallOutcome::NoAnswer;
    default:
      return CallOutcome::Rejected;
  }
}

}  // namespace va::sip
