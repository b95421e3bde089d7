// CallMedia bridged to another leg (call_media.h rule 8): a transfer's fallback connects the
// caller and the person through our RTP engine, audio in, audio out, each leg on its own port.
#include "call/call_media_state.h"

namespace va::call {

void CallMedia::bridge(AudioTap tap) {
  auto& s = *state_;
  if (s.stopped || !tap) return;
  s.bridge_tap = std::move(tap);
  s.ai_opened = true;  // a leg not yet started never opens one
  if (s.ai && !s.ai_done) {
    s.ai_done = true;
    s.ai->stop();  // no callback runs after this
    s.stats.ai_stats = s.ai->stats();
  }
  // What the AI still had queued for the caller is not theirs to hear any more.
  if (s.session) {
    s.session->flush();
    s.downlink->drop_partial();
    if (s.recording) s.recording->ai_flushed();
  }
  VA_LOG(s.config.log, info, "media bridged: far-end audio goes to the other leg");
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
