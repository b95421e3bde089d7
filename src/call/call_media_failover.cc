// CallMedia and provider failover (call/provider_failover.h): the call's AI session replaced by
// one of the other provider, on the same shard, while RTP, the playout queue and the recording
// go on untouched (the caller hears the failover message queued before, then the new AI).
#include "call/call_media_state.h"
#include "core/key_fingerprint.h"

namespace va::call {

ai::UsageMetadata add_usage(const ai::UsageMetadata& a, const ai::UsageMetadata& b) {
  ai::UsageMetadata sum;
  sum.prompt_tokens = a.prompt_tokens + b.prompt_tokens;
  sum.response_tokens = a.response_tokens + b.response_tokens;
  sum.total_tokens = a.total_tokens + b.total_tokens;
  sum.prompt_audio_tokens = a.prompt_audio_tokens + b.prompt_audio_tokens;
  sum.response_audio_tokens = a.response_audio_tokens + b.response_audio_tokens;
  sum.messages = a.messages + b.messages;
  return sum;
}

void CallMedia::switch_ai(ai::AiSessionConfig session, std::string fingerprint,
                          std::string first_text) {
  auto& s = *state_;
  if (s.stopped || s.bridge_tap) return;
  if (s.ai) {
    s.ai->stop();  // no callback runs after this (also after its on_error)
    s.stats.ai_stats = s.ai->stats();
    // May run inside the old session's on_error: dispose() destroys it once that returned.
    s.dispose(nullptr, std::move(s.ai));
  }
  s.ai_usage_retired = s.stats.ai_usage;
  s.ai_done = false;
  s.ai_opened = true;
  s.config.ai = std::move(session);
  s.key_fingerprint =
      fingerprint.empty() ? core::key_fingerprint(s.config.ai.api_key) : std::move(fingerprint);
  s.ai_text_at_ready = std::move(first_text);
  // The old session's stall is not the new one's: the watchdog starts from nothing owed.
  // Its timer stopped re-arming if the old session failed (ai_done); re-arming cancels a wait.
  if (s.watchdog) {
    s.watchdog.emplace(s.config.watchdog);
    s.arm_watchdog();
  }
  VA_LOG(s.config.log, info, "AI session switched to {} (key {})", s.config.ai.provider,
         s.key_fingerprint);
  s.start_ai();
}

}  // namespace va::call
