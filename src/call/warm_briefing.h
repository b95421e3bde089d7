// What the person hears first in a warm transfer (issue 15): a short spoken summary before the
// caller is connected. Composed from what the call knows without asking the model: the reason
// for the transfer, who is calling, and the gist (the caller's last words in the transcript).
// The text is rendered like a greeting, off the shard (CallEnv::render_prompt).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace va::call {

struct BriefingFacts {
  std::string reason;  // why the caller is transferred ("" = not given)
  std::string caller;  // the caller's number or address ("" = unknown)
  // The last transcript lines, oldest first: {who, text} with who caller|agent.
  std::vector<std::pair<std::string, std::string>> recent;
};

// Caller lines quoted at most, and characters of the whole text at most (about 30 s spoken).
inline constexpr std::size_t kBriefingCallerLines = 2;
inline constexpr std::size_t kBriefingMaxChars = 450;

// The transcript's `system` line that carries the briefing: the call record keeps no column
// for it, GET /api/calls/{id} shows transfer.briefing from this line.
inline constexpr std::string_view kBriefingLinePrefix = "Warm transfer briefing: ";

// "Transferred call from +1 555 ...: <reason>. The caller said: "...". Connecting you now."
std::string compose_briefing(const BriefingFacts& facts);

}  // namespace va::call
