// Call and answering-machine detection (issue 15): each verdict from the media (detector or
// the AI's voicemail_detected tool) goes on the call record (amd_verdict, amd_cause, amd_ms).
// A voicemail, by the call's voicemail_action (the campaign's, else ai.voicemail_action):
//   hangup   ends the call at once with end_reason voicemail (nobody hears a goodbye);
//   message  closes the AI session (it must not talk over the greeting or the message), waits
//            for the beep (at once if it was already heard; kBeepAfterGreeting after a
//            greeting that ended without one; kMessageWaitMax in all), plays the pre-rendered
//            message, then hangs up, end_reason voicemail. A message that played out whole
//            puts kVoicemailLeftLine on the transcript (GET shows voicemail.message_left).
#include <fmt/format.h>

#include "call/call.h"
#include "call/call_media.h"
#include "call/voicemail_action.h"

namespace va::call {
namespace {

// A greeting that ended without a beep: some machines beep late, some never do.
constexpr auto kBeepAfterGreeting = std::chrono::seconds(10);
// From the verdict: a greeting that never ends (music, a loop) does not keep the line forever.
constexpr auto kMessageWaitMax = std::chrono::seconds(30);
// Beyond the message's own length: a stalled playout does not keep the line either.
constexpr auto kPlayoutSlack = std::chrono::seconds(5);

}  // namespace

void Call::on_voicemail_verdict(const media::AmdResult& result) {
  if (ending_) return;
  record_->update([verdict = std::string(media::to_string(result.verdict)),
                   cause = std::string(result.cause), ms = result.at_ms](crm::Call& c) {
    c.amd_verdict = verdict;
    c.amd_cause = cause;
    c.amd_ms = ms;
  });
  if (result.verdict != media::AmdVerdict::Voicemail) return;
  if (plan_.voicemail_action != "message") {
    VA_LOG(log_, info, "voicemail ({}, {} ms after answer): hanging up", result.cause,
           result.at_ms);
    end(EndReason::Voicemail);
    return;
  }
  if (voicemail_phase_ != VoicemailPhase::None) return;  // a later verdict of the same machine
  voicemail_phase_ = VoicemailPhase::AwaitingBeep;
  VA_LOG(log_, info, "voicemail ({}, {} ms after answer): waiting for the beep to leave a message",
         result.cause, result.at_ms);
  if (media_) media_->close_ai();
  add_transcript_line("system", "Voicemail: waiting for the beep to leave a message.");
  arm_voicemail_wait(kMessageWaitMax, "no beep heard");
}

void Call::on_message_cue(bool beep) {
  if (ending_ || voicemail_phase_ != VoicemailPhase::AwaitingBeep) return;
  if (beep) {
    leave_voicemail_message("after the beep");
    return;
  }
  arm_voicemail_wait(kBeepAfterGreeting, "no beep within 10 s of the greeting's end");
}

void Call::arm_voicemail_wait(std::chrono::seconds wait, std::string why) {
  voicemail_timer_.expires_after(wait);
  voicemail_timer_.async_wait(
      [weak = weak_from_this(), why = std::move(why)](const boost::system::error_code& ec) {
        if (ec) return;
        if (auto self = weak.lock()) self->leave_voicemail_message(why);
      });
}

void Call::leave_voicemail_message(const std::string& cue) {
  if (ending_ || voicemail_phase_ != VoicemailPhase::AwaitingBeep) return;
  voicemail_timer_.cancel();
  const auto& message = plan_.voicemail_message;
  if (!media_ || !message || message->frames.empty()) {
    VA_LOG(log_, info, "voicemail: no message to leave ({}); hanging up", cue);
    end(EndReason::Voicemail);
    return;
  }
  voicemail_phase_ = VoicemailPhase::Playing;
  VA_LOG(log_, info, "voicemail: leaving the message ({}, {} ms of audio)", cue,
         message->frames.size() * 20);
  media_->play_prompt(message);
  add_transcript_line("agent", plan_.voicemail_text);
  const auto length = std::chrono::milliseconds(message->frames.size() * 20);
  hang_up_after_playout(EndReason::Voicemail, length + kPlayoutSlack);
}

void Call::note_voicemail_end() {
  if (voicemail_phase_ != VoicemailPhase::Playing) return;
  voicemail_phase_ = VoicemailPhase::Done;
  if (media_ && media_->queued_frames() == 0) {
    add_transcript_line("system", std::string(kVoicemailLeftLine));
  } else {
    add_transcript_line("system", "Voicemail message cut off: the line ended before it played.");
  }
}

}  // namespace va::call
