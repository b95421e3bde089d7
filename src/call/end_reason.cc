// EndReason names: stable strings, the REST API and the UI show them as they are.
#include "call/end_reason.h"

namespace va::call {

std::string_view to_string(EndReason reason) {
  switch (reason) {
    case EndReason::RemoteHangup:
      return "remote_hangup";
    case EndReason::LocalHangup:
      return "local_hangup";
    case EndReason::AiEndCall:
      return "ai_end_call";
    case EndReason::MaxDuration:
      return "max_duration";
    case EndReason::RtpTimeout:
      return "rtp_timeout";
    case EndReason::AiFailed:
      return "ai_failed";
    case EndReason::AckTimeout:
      return "ack_timeout";
    case EndReason::SessionExpired:
      return "session_expired";
    case EndReason::Busy:
      return "busy";
    case EndReason::NoAnswer:
      return "no_answer";
    case EndReason::Rejected:
      return "rejected";
    case EndReason::Congestion:
      return "congestion";
    case EndReason::Unreachable:
      return "unreachable";
    case EndReason::Cancelled:
      return "cancelled";
    case EndReason::NoMedia:
      return "no_media";
    case EndReason::Shutdown:
      return "shutdown";
    case EndReason::Voicemail:
      return "voicemail";
    case EndReason::AiStalled:
      return "ai_stalled";
    case EndReason::Transferred:
      return "transferred";
  }
  return "unknown";
}

std::string_view outcome_of(EndReason reason, bool was_answered) {
  if (reason == EndReason::Transferred) return "transferred";
  if (was_answered) return "answered";
  switch (reason) {
    case EndReason::Busy:
      return "busy";
    case EndReason::NoAnswer:
      return "no_answer";
    case EndReason::Rejected:
    case EndReason::Congestion:
      return "rejected";
    case EndReason::Unreachable:
      return "unreachable";
    case EndReason::Cancelled:
    case EndReason::LocalHangup:
    case EndReason::RemoteHangup:
      return "cancelled";
    default:
      return "failed";
  }
}

}  // namespace va::call
