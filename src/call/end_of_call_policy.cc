// Call, end-of-call policies: what ends a call other than a BYE or our hangup: the AI's
// end_call tool and an AI failure (both after what is queued has played), the maximum
// duration, RTP inactivity (call.h rules 2 and 3).
#include "call/call.h"
#include "call/call_media.h"
#include "sip/incoming_call.h"

namespace va::call {

void Call::arm_max_duration() {
  max_duration_timer_.expires_after(env_.settings.max_duration);
  max_duration_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    if (ec) return;
    if (auto self = weak.lock()) self->end(EndReason::MaxDuration);
  });
}

void Call::on_rtp_inactive() {
  VA_LOG(log_, warn, "no RTP for {} s: ending the call",
         std::chrono::duration_cast<std::chrono::seconds>(env_.settings.rtp.inactivity_timeout)
             .count());
  end(EndReason::RtpTimeout);
}

void Call::on_end_call_tool() {
  VA_LOG(log_, info, "the AI ended the call (end_call)");
  hang_up_after_playout(EndReason::AiEndCall, std::chrono::seconds(10));
}

void Call::on_ai_failed(std::error_code code, const std::string& reason) {
  VA_LOG(log_, warn, "AI session failed: {}", reason);
  if (fail_over(ProviderFailover::reason_for(code))) return;
  if (!answered_) {
    // Not answered yet: an inbound call is refused, an outbound one cancelled.
    if (incoming_) incoming_->reject(503, "Service Unavailable");
    end(EndReason::AiFailed);
    return;
  }
  // Rule 3: a short apology, then a clean hangup.
  if (env_.apology && *env_.apology) media_->play_prompt(*env_.apology);
  hang_up_after_playout(EndReason::AiFailed, std::chrono::seconds(8));
}

// The audio watchdog's last step (AiWatchdog rule 2): a nudge and a reconnect did not bring the
// AI back. Like an AI failure: a short apology, then a clean hangup.
void Call::on_ai_stalled() {
  VA_LOG(log_, warn, "the AI stayed silent: apologising and hanging up");
  if (env_.apology && *env_.apology) media_->play_prompt(*env_.apology);
  hang_up_after_playout(EndReason::AiStalled, std::chrono::seconds(8));
}

// The audio watchdog's steps join the transcript as `system` lines, so the call shows them.
void Call::on_watchdog_step(WatchdogStep step) {
  const auto silent_s = env_.settings.watchdog_silence.count();
  switch (step) {
    case WatchdogStep::Nudge:
      add_transcript_line("system", "Watchdog: the AI was silent " + std::to_string(silent_s) +
                                        " s after the caller stopped speaking; it was nudged.");
      break;
    case WatchdogStep::Reconnect:
      add_transcript_line("system",
                          "Watchdog: still silent after the nudge; the AI session "
                          "was reconnected.");
      break;
    case WatchdogStep::Recovered:
      add_transcript_line("system", "Watchdog: the AI is speaking again.");
      break;
    case WatchdogStep::GiveUp:
      // The step before the apology: the other provider (provider_failover.h rule 1).
      if (failover_.can_switch(ProviderFailover::kStalled)) {
        add_transcript_line("system",
                            "Watchdog: the AI stayed silent after a reconnect; the call "
                            "goes on with the other provider.");
        fail_over(ProviderFailover::kStalled);
        break;
      }
      add_transcript_line("system",
                          "Watchdog: the AI stayed silent after a reconnect; the call "
                          "was ended (ai_stalled).");
      on_ai_stalled();
      break;
    case WatchdogStep::None:
      break;
  }
}

// Lets what is queued for the caller play out (a goodbye, an apology), then ends the call.
void Call::hang_up_after_playout(EndReason reason, std::chrono::milliseconds max_wait) {
  if (ending_) return;
  playout_reason_ = reason;
  playout_deadline_ = std::chrono::steady_clock::now() + max_wait;
  poll_playout();
}

// Re-armed every 100 ms until the queue is empty or the deadline passed. The timer's handler
// holds only a weak_ptr to the call: nothing refers to itself, so nothing outlives the call.
void Call::poll_playout() {
  if (ending_) return;
  if (!media_ || media_->queued_frames() == 0 ||
      std::chrono::steady_clock::now() >= playout_deadline_) {
    end(playout_reason_);
    return;
  }
  playout_timer_.expires_after(std::chrono::milliseconds(100));
  playout_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    if (ec) return;
    if (auto self = weak.lock()) self->poll_playout();
  });
}

}  // namespace va::call
