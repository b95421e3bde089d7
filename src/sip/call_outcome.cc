// CallOutcome: mapping of final INVITE responses to call outcomes (RFC 3261 13.2.2.3, 21).
#include "sip/call_outcome.h"

#include <cctype>
#include <cstdlib>
#include <string>

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
    case CallOutcome::Congestion:
      return "congestion";
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
    case 503:
      return CallOutcome::Congestion;
    default:
      return CallOutcome::Rejected;
  }
}

}  // namespace va::sip

namespace va::sip {

bool is_congestion_reason(const std::string& header) {
  std::string lower;
  for (char c : header)
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::size_t at = lower.find("q.850"); at != std::string::npos;
       at = lower.find("q.850", at + 5)) {
    const auto end = lower.find(',', at);
    const auto one = lower.substr(at, end == std::string::npos ? std::string::npos : end - at);
    const auto c = one.find("cause=");
    if (c == std::string::npos) continue;
    const int cause = std::atoi(one.c_str() + c + 6);
    if (cause == 34 || cause == 38 || cause == 41 || cause == 42) return true;
  }
  return false;
}

}  // namespace va::sip
