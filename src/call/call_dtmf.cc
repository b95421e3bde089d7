// Call and the keypad over SIP: DTMF in SIP INFO (application/dtmf-relay, application/dtmf;
// 400 for a body we cannot read, 415 for another type, the call goes on), the AI's send_dtmf
// by INFO when telephone-event was not negotiated, and SMS by SIP MESSAGE (RFC 3428).
#include <fmt/format.h>

#include "call/call.h"
#include "call/call_media.h"
#include "call/dtmf_info.h"
#include "sip/invite_session.h"
#include "sip/page_message.h"
#include "sip/request_builder.h"
#include "sip/uri.h"

namespace va::call {

int Call::on_info(const sip::Message& request) {
  const auto dtmf = parse_dtmf_info(request.content_type, request.body);
  if (dtmf.verdict != DtmfInfo::Verdict::Digit) {
    VA_LOG(log_, info, "INFO refused {}: {}", dtmf.status(), dtmf.error);
    return dtmf.status();
  }
  if (media_) media_->dtmf_received(dtmf.digit);
  return 200;
}

bool Call::send_dtmf_info(const std::string& digits) {
  if (!session_ || session_->state() != sip::InviteSession::State::Confirmed) return false;
  dtmf_info_queue_ += digits;
  if (!dtmf_info_pending_) send_next_dtmf_info();
  return true;
}

void Call::send_next_dtmf_info() {
  if (dtmf_info_queue_.empty() || ending_ || !session_) return;
  const char key = dtmf_info_queue_.front();
  dtmf_info_queue_.erase(0, 1);
  dtmf_info_pending_ = session_->send_info(
      "application/dtmf-relay", fmt::format("Signal={}\r\nDuration=100\r\n", key),
      [weak = weak_from_this(), key](int status) {
        auto self = weak.lock();
        if (!self) return;
        self->dtmf_info_pending_ = false;
        if (status / 100 != 2) VA_LOG(self->log_, warn, "INFO with key {} got {}", key, status);
        self->send_next_dtmf_info();
      });
  if (!dtmf_info_pending_) dtmf_info_queue_.clear();  // the dialog is no longer confirmed
}

void Call::send_sms(const std::string& text, std::function<void(int, std::string)> done) {
  auto finish = [weak = weak_from_this(), text, done](int status, std::string reason) {
    if (auto self = weak.lock()) {
      self->add_transcript_line("system",
                                status / 100 == 2
                                    ? fmt::format("SMS sent ({} {}): {}", status, reason, text)
                                    : fmt::format("SMS failed ({} {}): {}", status, reason, text));
      VA_LOG(self->log_, info, "SMS: {} {}", status, reason);
    }
    if (done) done(status, std::move(reason));
  };
  // The other party's number through the trunk: outbound, what we dialled; inbound, the
  // caller's user part (a gateway puts the number there).
  std::string uri = plan_.request_uri;
  if (plan_.record.direction == "inbound") {
    const auto from = sip::parse_uri(plan_.record.from);
    const std::string number = from ? from->user : std::string();
    auto dialled = sip::dial_uri(number, env_.settings.trunk_uri, false);
    if (!dialled) {
      finish(0, "no number to send to: " + dialled.error().message());
      return;
    }
    uri = dialled->to_string();
  }
  sip::PageMessageConfig config;
  // Its responses must come back to this shard, where its transaction lives.
  config.call_id = env_.new_call_id ? env_.new_call_id() : std::string();
  if (config.call_id.empty()) {
    finish(0, "no Call-ID for this shard");
    return;
  }
  config.request_uri = uri;
  config.body = text;
  config.username = env_.settings.trunk_username;
  config.password = env_.settings.trunk_password;
  sip::send_page_message(env_.dialogs, std::move(config), std::move(finish));
}

}  // namespace va::call
