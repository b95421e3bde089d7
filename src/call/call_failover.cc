// Call and provider failover (call.h rule 3, provider_failover.h): a call whose AI session
// failed at setup or mid-call without resumption, or whose watchdog gave up, goes on once with
// the other provider under its owner's key of it. Mid-call the caller hears the failover message
// (queued behind what is playing, rendered at planning: the shard renders nothing), and the new
// session is cued to speak as soon as it is ready; at setup the switch is silent.
#include "call/call.h"
#include "call/call_media.h"

namespace va::call {
namespace {

// What the new session is told once it is live, so the caller is not left waiting for it.
constexpr const char* kTakeOverCue =
    "You have just taken over this call. Continue the conversation now: answer the caller's "
    "last words, or briefly ask how you can help.";

}  // namespace

bool Call::fail_over(const std::string& reason) {
  if (ending_ || !media_ || media_->bridged() || !failover_.can_switch(reason)) return false;
  const bool mid_call = answered_ && ai_ready_;
  auto target = failover_.take(reason, mid_call);
  if (!target) return false;
  const auto from = plan_.ai.provider;
  const auto to = target->ai.provider;
  const auto from_key = plan_.key_fingerprint;
  const auto to_key = target->key_fingerprint;
  VA_LOG(log_, warn, "failover: {} (key {}) -> {} (key {}{}): {}", from, from_key, to, to_key,
         target->simulated ? ", simulator" : "", reason);
  // The record's sessions are read from this line (api/views.cc): the keys by fingerprint only.
  add_transcript_line(
      "system", failover_line(from, to, reason) + " (key " + from_key + " -> " + to_key + ")");
  if (env_.failover_counters) env_.failover_counters->add(from, to, reason);
  plan_.ai = target->ai;
  plan_.key_fingerprint = to_key;
  plan_.simulated_ai = target->simulated;
  ai_ready_ = false;
  record_->update([to, to_key](crm::Call& c) {
    c.provider = to;
    c.key_fingerprint = to_key;
  });
  env_.live.update(id(), [to_key](LiveCall& c) { c.media.key_fingerprint = to_key; });
  if (mid_call && plan_.failover_prompt) media_->play_prompt(plan_.failover_prompt);
  media_->switch_ai(std::move(target->ai), to_key, mid_call ? kTakeOverCue : "");
  return true;
}

// The watchdog's Reconnect step with a session that cannot resume: failover is the step before
// the apology, taken now rather than one silent period later.
bool Call::on_watchdog_cannot_reconnect() {
  if (!failover_.can_switch(ProviderFailover::kStalled)) return false;
  add_transcript_line("system",
                      "Watchdog: still silent after the nudge and the AI session cannot "
                      "reconnect; the call goes on with the other provider.");
  return fail_over(ProviderFailover::kStalled);
}

}  // namespace va::call
