// CallMedia::State and answering-machine detection (issue 15): from start() (the answer) the
// caller's 16 kHz audio goes through media::VoicemailDetector; its verdict, and the AI's own
// judgement by the voicemail_detected tool, reach the call as on_voicemail_verdict. The
// detector is dropped once the verdict is final (voicemail, or the analysis window is over);
// when a message is to be left (amd_until_message_cue) it listens on after a voicemail verdict
// for the beep, reporting the greeting's end and the beep as on_message_cue, for at most
// kMessageCueListenMs of audio.
#include "call/call_media_state.h"

namespace va::call {
namespace {

// A greeting and its beep are over well within this: a line that never beeps is no reason to
// run the detector for the rest of the call (the call has its own bound on the wait).
constexpr int kMessageCueListenMs = 60000;

}  // namespace

void CallMedia::State::feed_amd(std::span<const std::int16_t> pcm16k) {
  if (const auto r = amd->feed(pcm16k)) report_amd(*r);
  if (stopped || !amd) return;
  const bool final_voicemail = amd_result && amd_result->verdict == media::AmdVerdict::Voicemail;
  if (final_voicemail && config.amd_until_message_cue) {
    report_message_cue();
    if (stopped || !amd) return;
    if (beep_reported || amd->elapsed_ms() > kMessageCueListenMs) amd.reset();
    return;
  }
  if (final_voicemail || amd->elapsed_ms() > config.amd.max_analysis_ms) amd.reset();
}

void CallMedia::State::report_message_cue() {
  if (!beep_reported && amd->beep_heard()) {
    beep_reported = true;
    VA_LOG(config.log, info, "voicemail: beep heard, {} ms after the answer", amd->elapsed_ms());
    if (events.on_message_cue) events.on_message_cue(true);
    return;
  }
  if (!greeting_end_reported && !beep_reported && amd->message_cue()) {
    greeting_end_reported = true;
    VA_LOG(config.log, info, "voicemail: the greeting ended without a beep ({} ms)",
           amd->elapsed_ms());
    if (events.on_message_cue) events.on_message_cue(false);
  }
}

void CallMedia::State::report_amd(const media::AmdResult& r) {
  amd_result = r;
  VA_LOG(config.log, info, "answering-machine verdict {} ({}) after {} ms",
         media::to_string(r.verdict), r.cause, r.at_ms);
  if (events.on_voicemail_verdict) events.on_voicemail_verdict(r);
}

std::string CallMedia::State::on_voicemail_tool() {
  if (!config.detect_voicemail) return R"({"accepted":false,"reason":"not enabled"})";
  if (amd_result && amd_result->verdict == media::AmdVerdict::Voicemail)
    return R"({"accepted":true})";
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock.now() - start_time);
  // Leaving a message: the detector listens on for the beep (a fresh one would not know the
  // greeting it missed, but hears the beep, or the greeting's end, as well).
  if (!config.amd_until_message_cue) {
    amd.reset();
  } else if (!amd) {
    amd.emplace(16000, config.amd);
  }
  report_amd({media::AmdVerdict::Voicemail, "ai", static_cast<int>(ms.count())});
  return R"({"accepted":true})";
}

}  // namespace va::call
