// How SIP's account of a failed dial (sip::CallOutcome) becomes the call's EndReason.
#pragma once

#include "call/end_reason.h"
#include "sip/call_outcome.h"

namespace va::call {

inline EndReason end_reason_for(sip::CallOutcome outcome) {
  switch (outcome) {
    case sip::CallOutcome::Busy:
      return EndReason::Busy;
    case sip::CallOutcome::NoAnswer:
      return EndReason::NoAnswer;
    case sip::CallOutcome::Rejected:
      return EndReason::Rejected;
    case sip::CallOutcome::Unreachable:
      return EndReason::Unreachable;
    case sip::CallOutcome::Cancelled:
      return EndReason::Cancelled;
    case sip::CallOutcome::Congestion:
      return EndReason::Congestion;
  }
  return EndReason::Rejected;
}

}  // namespace va::call
