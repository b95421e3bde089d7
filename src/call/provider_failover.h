// ProviderFailover: a call whose AI session failed goes on with the other provider (issue 16).
// Realtime services fail in ways no resumption mends (a key revoked, a quota spent, a backend
// that closes 1011 and forgets the session); a second provider under the same owner keeps the
// caller on the line. Rules:
//  1. Which failures switch: every failure the AI session reports as an ai::Errc (at setup: bad
//     key, quota, unreachable, setup timeout, a refused setup; mid-call: a close it could not
//     resume, a broken protocol) and the audio watchdog's give-up (reason ai_stalled). An
//     error of another category is not the provider's word and does not switch.
//  2. Only with ai.failover on and a target the planner found: the other provider's key of the
//     call's owner, chosen by the same rules as the first (crm::KeyPool::resolve: a key never
//     serves another tenant; the embedded simulator when ai.simulator = auto and the owner has
//     no key of that provider). Without one the call ends as before (apology, hangup).
//  3. At most one switch per call: the second session's failure ends the call as before, so
//     two failing providers never ping-pong.
//  4. The new session's instruction is the first's (the prompt and the greeting note); mid-call
//     it is told it takes over, with the conversation so far from the call's transcript (the
//     latest kMaxContextChars), and not to greet again. At setup nothing was said to an AI yet.
//  5. The reason is one short name (reason_for) used alike on the transcript line
//     ("failover: gemini -> openai: <reason>"), the record's sessions and /metrics.
// Pure logic; the call drives it on its shard (end_of_call_policy.cc).
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include "ai/ai_session.h"

namespace va::call {

// Where a call goes when its first provider fails (rule 2): the session's config with the other
// provider's URL, model, voice and the owner's key of it.
struct FailoverTarget {
  ai::AiSessionConfig ai;
  std::string key_fingerprint;
  bool simulated = false;  // the embedded simulator (the owner has no key of that provider)
};

class ProviderFailover {
 public:
  static constexpr std::size_t kMaxContextChars = 8000;
  static constexpr const char* kStalled = "ai_stalled";

  ProviderFailover() = default;
  ProviderFailover(bool enabled, std::optional<FailoverTarget> target)
      : enabled_(enabled), target_(std::move(target)) {}

  // Rule 1 and 5: the reason's name for a session error, "" when it does not switch.
  static std::string reason_for(std::error_code code);
  // Rules 2 and 3: whether a failure for `reason` switches now.
  bool can_switch(const std::string& reason) const;
  // Rules 2 and 3: the target, once; nullopt when the call must end as before. Mid-call the
  // target's instruction carries the conversation so far (rule 4).
  std::optional<FailoverTarget> take(const std::string& reason, bool mid_call);
  bool switched() const { return switched_; }

  // Rule 4: a finished transcript line ("caller", "agent"; others are not conversation).
  void remember(const std::string& who, const std::string& text);
  // Rule 4: `base` plus the conversation so far.
  std::string context_instruction(const std::string& base) const;

 private:
  struct Line {
    bool caller = false;
    std::string text;
  };
  bool enabled_ = false;
  std::optional<FailoverTarget> target_;
  bool switched_ = false;
  std::deque<Line> said_;
  std::size_t said_chars_ = 0;
};

// The transcript's system line and the record's note: "failover: gemini -> openai: quota".
std::string failover_line(const std::string& from, const std::string& to,
                          const std::string& reason);

}  // namespace va::call
