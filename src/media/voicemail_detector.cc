// VoicemailDetector: the greeting and beep rules (see voicemail_detector.h).
#include "media/voicemail_detector.h"

#include "core/assert.h"

namespace va::media {

std::string_view to_string(AmdVerdict v) {
  switch (v) {
    case AmdVerdict::Human:
      return "human";
    case AmdVerdict::Voicemail:
      return "voicemail";
    case AmdVerdict::Unknown:
      break;
  }
  return "unknown";
}

VoicemailDetector::VoicemailDetector(int sample_rate, VoicemailDetectorConfig config)
    : sample_rate_(sample_rate), config_(config), beep_(config.beep) {
  VA_CHECK(sample_rate_ > 0 && sample_rate_ % 50 == 0);
  partial_.reserve(static_cast<std::size_t>(sample_rate_ / 50));
}

std::optional<AmdResult> VoicemailDetector::feed(std::span<const std::int16_t> samples) {
  const auto before = result_ ? std::optional(result_->verdict) : std::nullopt;
  const auto frame = static_cast<std::size_t>(sample_rate_ / 50);
  while (!samples.empty()) {
    const std::size_t take = std::min(samples.size(), frame - partial_.size());
    partial_.insert(partial_.end(), samples.begin(), samples.begin() + take);
    samples = samples.subspan(take);
    if (partial_.size() == frame) {
      on_frame(partial_);
      partial_.clear();
    }
  }
  if (result_ && (!before || *before != result_->verdict)) return result_;
  return std::nullopt;
}

void VoicemailDetector::decide(AmdVerdict v, std::string_view cause) {
  if (!result_) result_ = AmdResult{v, cause, frames_ * 20};
}

void VoicemailDetector::on_frame(std::span<const std::int16_t> frame) {
  const FrameTone tone = analyse_frame(frame, sample_rate_);
  ++frames_;
  const int now = frames_ * 20;
  if (beep_.feed(tone)) {
    beep_ms_ = now;
    // A beep overrides a human verdict within the analysis window (a short greeting such as
    // "This is Emma, leave a message" looks like a person until the beep).
    if (result_ && result_->verdict == AmdVerdict::Human && now <= config_.max_analysis_ms)
      result_.reset();
    decide(AmdVerdict::Voicemail, "beep");
  }
  const bool tonal = beep_.is_tone(tone) ||
                     (tone.level_dbfs >= config_.speech_dbfs && tone.two_peak_share >= 0.85);
  const bool speech = tone.level_dbfs >= config_.speech_dbfs && !tonal;
  if (speech) {
    if (onset_frame_ < 0) {
      onset_frame_ = frames_;
      speech_frames_ = 0;
    }
    last_speech_frame_ = frames_;
    ++speech_frames_;
  }
  const int silent_ms = last_speech_frame_ < 0 ? now : (frames_ - last_speech_frame_) * 20;
  if (onset_frame_ >= 0 && silent_ms >= config_.human_silence_ms) {
    // The greeting ended (rule 3), or it was a click: start over.
    if (speech_frames_ * 20 >= config_.min_speech_ms) decide(AmdVerdict::Human, "short_greeting");
    onset_frame_ = -1;
  }
  if (onset_frame_ >= 0 && (frames_ - onset_frame_ + 1) * 20 >= config_.long_greeting_ms &&
      speech_frames_ * 20 >= config_.long_greeting_ms / 2)
    decide(AmdVerdict::Voicemail, "long_greeting");
  if (last_speech_frame_ < 0 && now >= config_.no_speech_ms)
    decide(AmdVerdict::Unknown, "no_speech");
  if (now >= config_.max_analysis_ms) decide(AmdVerdict::Unknown, "timeout");
  if (result_ && result_->verdict == AmdVerdict::Voicemail && !cue_ms_) {
    if (beep_ms_ && *beep_ms_ >= result_->at_ms) {
      cue_ms_ = *beep_ms_;
    } else if (last_speech_frame_ >= 0 && silent_ms >= config_.end_silence_ms) {
      cue_ms_ = now;
    }
  }
}

}  // namespace va::media
