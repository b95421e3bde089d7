// StallConfig: the simulator's stalling model (issue 15's audio watchdog needs one to catch):
// after `after_replies` replies of a conversation the model goes silent (Silent: no audio, no
// turn at all) or answers with digital silence (Zeros: audio parts of all-zero samples), until
// the recovery its test asks for: Never, Nudge (a realtimeInput.text from the client), or
// Reconnect (the conversation resumed on a new connection). For every key when no key is
// listed; else only for the listed keys, each with its own mode and recovery.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace va::sim {

enum class StallMode { None, Silent, Zeros };
enum class StallRecovery { Never, Nudge, Reconnect };

struct StallConfig {
  StallMode mode = StallMode::None;
  unsigned after_replies = 1;
  StallRecovery until = StallRecovery::Never;
  struct PerKey {
    StallMode mode;
    StallRecovery until;
  };
  std::map<std::string, PerKey> keys;  // empty = every key, with mode and until above

  // What applies to a session of `key` (mode None: it never stalls).
  PerKey for_key(const std::string& key) const {
    if (keys.empty()) return {mode, until};
    const auto it = keys.find(key);
    return it == keys.end() ? PerKey{StallMode::None, until} : it->second;
  }
};

// "none|silent|zeros" and "never|nudge|reconnect"; false for anything else.
bool parse_stall_mode(std::string_view text, StallMode& out);
bool parse_stall_recovery(std::string_view text, StallRecovery& out);
// "KEY[:MODE[:UNTIL]]" into config.keys (MODE and UNTIL default to config's); false if bad.
bool add_stall_key(std::string_view spec, StallConfig& config);

}  // namespace va::sim
