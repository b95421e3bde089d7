// CallMedia bridged to another leg (call_media.h rule 8): a transfer's fallback connects the
// caller and the person through our RTP engine, audio in, audio out, each leg on its own port.
// Also the AI's close for a voicemail message (close_ai): the AI goes the same way.
#include "call/call_media_state.h"

namespace va::call {

void CallMedia::State::close_ai() {
  ai_opened = true;  // a leg not yet started never opens one
  if (ai && !ai_done) {
    ai->stop();  // no callback runs after this
    stats.ai_stats = ai->stats();
  }
  ai_done = true;  // the watchdog owes nobody an answer from here on
  // What the AI still had queued for the caller is not theirs to hear any more.
  if (session) {
    session->flush();
    downlink->drop_partial();
    if (recording) recording->ai_flushed();
  }
}

void CallMedia::bridge(AudioTap tap) {
  auto& s = *state_;
  if (s.stopped || !tap) return;
  s.bridge_tap = std::move(tap);
  s.close_ai();
  VA_LOG(s.config.log, info, "media bridged: far-end audio goes to the other leg");
}

void CallMedia::close_ai() {
  auto& s = *state_;
  if (s.stopped || (s.ai_done && s.ai_opened)) return;
  s.close_ai();
  VA_LOG(s.config.log, info, "AI session closed: its audio no longer reaches the far end");
}

void CallMedia::push_audio(media::AudioFrame frame) {
  auto& s = *state_;
  if (s.stopped || frame.samples.empty()) return;
  s.play_audio(frame);
}

bool CallMedia::bridged() const {
  return static_cast<bool>(state_->bridge_tap);
}

}  // namespace va::call
