// CallStatus: where a call is in its life, the one type for it everywhere: the call record
// (crm::Call), the live-call table and the events of call/, the API's JSON (DESIGN.md:
// "status" dialing|ringing|active|ended). Text appears only at the edges (database column,
// JSON), through to_string and call_status_from_string.
#pragma once

#include <optional>
#include <string_view>

namespace va::crm {

enum class CallStatus {
  Dialing,  // outbound: the INVITE is out
  Ringing,  // outbound: 180/183 came; inbound: we ring
  Active,   // answered, media flowing
  Ended,    // for good: end_reason and outcome say why
};

// "dialing" | "ringing" | "active" | "ended"
std::string_view to_string(CallStatus status);
// The inverse of to_string; nullopt for any other text.
std::optional<CallStatus> call_status_from_string(std::string_view text);
// Dialing, ringing or active: the call holds a line (GET /api/stats "active").
constexpr bool is_live(CallStatus status) {
  return status != CallStatus::Ended;
}

}  // namespace va::crm
