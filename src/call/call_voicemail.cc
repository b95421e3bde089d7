// Call and answering-machine detection (issue 15, ai.voicemail_action = hangup): each verdict
// from the media (detector or the AI's voicemail_detected tool) goes on the call record
// (amd_verdict, amd_cause, amd_ms); a voicemail ends the call at once with end_reason
// voicemail (nobody is there to hear a goodbye).
#include "call/call.h"
#include "call/call_media.h"

namespace va::call {

void Call::on_voicemail_verdict(const media::AmdResult& result) {
  if (ending_) return;
  record_->update([verdict = std::string(media::to_string(result.verdict)),
                   cause = std::string(result.cause), ms = result.at_ms](crm::Call& c) {
    c.amd_verdict = verdict;
    c.amd_cause = cause;
    c.amd_ms = ms;
  });
  if (result.verdict != media::AmdVerdict::Voicemail) return;
  VA_LOG(log_, info, "voicemail ({}, {} ms after answer): hanging up", result.cause, result.at_ms);
  end(EndReason::Voicemail);
}

}  // namespace va::call
