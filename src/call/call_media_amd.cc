// CallMedia::State and answering-machine detection (issue 15): from start() (the answer) the
// caller's 16 kHz audio goes through media::VoicemailDetector; its verdict, and the AI's own
// judgement by the voicemail_detected tool, reach the call as on_voicemail_verdict. The
// detector is dropped once the verdict is final (voicemail, or the analysis window is over).
#include "call/call_media_state.h"

namespace va::call {

void CallMedia::State::feed_amd(std::span<const std::int16_t> pcm16k) {
  if (const auto r = amd->feed(pcm16k)) report_amd(*r);
  if (stopped || !amd) return;
  const bool final_voicemail = amd_result && amd_result->verdict == media::AmdVerdict::Voicemail;
  if (final_voicemail || amd->elapsed_ms() > config.amd.max_analysis_ms) amd.reset();
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
  amd.reset();
  report_amd({media::AmdVerdict::Voicemail, "ai", static_cast<int>(ms.count())});
  return R"({"accepted":true})";
}

}  // namespace va::call
