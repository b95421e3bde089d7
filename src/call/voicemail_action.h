// What an outbound call does when an answering machine answers (issue 15): the values of
// ai.voicemail_action and of a campaign's own voicemail_action, checked alike by the config,
// the REST API and the planner.
//   off      nothing: the AI talks on (no detection runs)
//   hangup   end the call at once, end_reason voicemail
//   message  wait for the beep, play the pre-rendered voicemail_message, then hang up
//   ""       (a campaign only) whatever ai.voicemail_action says
#pragma once

#include <cstddef>
#include <string_view>

namespace va::call {

// Longest voicemail message text (config or campaign): about a minute of speech.
inline constexpr std::size_t kMaxVoicemailMessage = 1000;

// The transcript's `system` line once a voicemail message played out whole: the call record
// keeps no column for it, GET /api/calls/{id} derives voicemail.message_left from this line.
inline constexpr std::string_view kVoicemailLeftLine = "Voicemail message left.";

inline bool valid_voicemail_action(std::string_view action) {
  return action.empty() || action == "off" || action == "hangup" || action == "message";
}

}  // namespace va::call
