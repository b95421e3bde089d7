// CallMedia::State and the audio watchdog (issue 15, call/ai_watchdog.h): a 200 ms tick from
// start() asks the AiWatchdog for its next step. Nudge: a text prompt to the session. Reconnect:
// the session resumes on a fresh connection (AiSession::reconnect) and is asked again; where it
// cannot, the call may switch provider at once (events.on_reconnect_impossible, provider
// failover), else the step is logged and the next one follows. GiveUp: the call apologises and
// hangs up. Each step is counted for /metrics, logged with the call's identity and reported to the
// call (events.on_watchdog_step), which puts it on the transcript.
#include "call/call_media_state.h"

namespace va::call {
namespace {

constexpr auto kTick = std::chrono::milliseconds(200);
constexpr std::string_view kNudge =
    "The caller is waiting for your answer and has heard nothing. Please answer now.";

}  // namespace

void CallMedia::State::arm_watchdog() {
  if (stopped) return;
  watchdog_timer.expires_after(kTick);
  watchdog_timer.async_wait(
      [this, weak = std::weak_ptr<bool>(alive)](const boost::system::error_code& ec) {
        auto a = weak.lock();
        if (ec || !a || !*a) return;
        on_watchdog_tick();
      });
}

void CallMedia::State::on_watchdog_tick() {
  // Bridged to a person (rule 8) or past its AI session: no AI owes anyone an answer.
  if (stopped || !watchdog || bridge_tap || ai_done) return;
  // On hold nobody is owed an answer; the AI's silence then is expected.
  const auto step = hold ? WatchdogStep::None : watchdog->tick(clock.now());
  const auto silent_s = std::chrono::duration_cast<std::chrono::seconds>(config.watchdog.silence);
  switch (step) {
    case WatchdogStep::None:
      break;
    case WatchdogStep::Nudge:
      ++stats.watchdog_nudges;
      if (config.watchdog_counters) ++config.watchdog_counters->nudges;
      VA_LOG(config.log, warn, "watchdog: no AI audio {} s after the caller stopped: nudging",
             silent_s.count());
      if (ai && !ai_done) ai->send_text(kNudge);
      break;
    case WatchdogStep::Reconnect: {
      // A session that cannot resume (OpenAI has no resumption): the call may switch provider
      // now rather than wait one more period for the give-up (provider_failover.h rule 1).
      const bool ok = ai && !ai_done && ai->reconnect();
      if (!ok && events.on_reconnect_impossible && events.on_reconnect_impossible())
        return;  // switched: switch_ai() started the watchdog over and re-armed it
      if (stopped) return;
      ++stats.watchdog_reconnects;
      if (config.watchdog_counters) ++config.watchdog_counters->reconnects;
      // Asked again on the new connection (held until it is live): a resumed model answers
      // only when something asks it to.
      if (ok) ai->send_text(kNudge);
      VA_LOG(config.log, warn, "watchdog: still no AI audio after the nudge: {}",
             ok ? "reconnecting the session" : "the session cannot reconnect");
      break;
    }
    case WatchdogStep::GiveUp:
      if (config.watchdog_counters) ++config.watchdog_counters->give_ups;
      VA_LOG(config.log, warn, "watchdog: the AI stayed silent after a reconnect: ending the call");
      break;
    case WatchdogStep::Recovered:
      break;
  }
  if (step != WatchdogStep::None && events.on_watchdog_step) {
    events.on_watchdog_step(step);
    if (stopped) return;
  }
  arm_watchdog();
}

}  // namespace va::call
