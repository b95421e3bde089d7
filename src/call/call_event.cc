// CallEvent names as they appear on /api/events ("call.<name>").
#include "call/call_event.h"

namespace va::call {

std::string_view to_string(CallEventType type) {
  switch (type) {
    case CallEventType::Created:
      return "created";
    case CallEventType::Ringing:
      return "ringing";
    case CallEventType::Answered:
      return "answered";
    case CallEventType::GreetingStarted:
      return "greeting_started";
    case CallEventType::Transcript:
      return "transcript";
    case CallEventType::Interrupted:
      return "interrupted";
    case CallEventType::Media:
      return "media";
    case CallEventType::Ended:
      return "ended";
    case CallEventType::Analyzed:
      return "analyzed";
  }
  return "unknown";
}

}  // namespace va::call
