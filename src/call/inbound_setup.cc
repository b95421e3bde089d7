// Call, inbound setup: ring, answer the offer with our SDP, start the media at the ACK
// (call.h rule 1); a CANCEL or an unusable offer ends the call before it is answered.
#include "call/call.h"
#include "call/call_media.h"
#include "sip/incoming_call.h"
#include "sip/sdp/serializer.h"

namespace va::call {

void Call::answer(std::shared_ptr<sip::IncomingCall> incoming) {
  incoming_ = std::move(incoming);
  publish(CallEventType::Created);
  auto weak = weak_from_this();
  incoming_->set_on_cancelled([weak] {
    if (auto self = weak.lock()) self->end(EndReason::Cancelled);
  });
  if (incoming_->state() == sip::IncomingCall::State::Cancelled) {
    end(EndReason::Cancelled);
    return;
  }
  if (auto ec = prepare_media(incoming_->peer().address.to_string())) {
    VA_LOG(log_, warn, "no media for the call: {}", ec.message());
    incoming_->reject(503, "No Media Port");
    end(EndReason::NoMedia);
    return;
  }
  // Inbound we answer at once: the AI connects while the caller hears the 180 (rule 1).
  media_->connect_ai();
  if (!incoming_->offer()) {
    // Offer-less INVITEs (the ACK carries the answer) are rare on trunks; refuse clearly.
    incoming_->reject(488, "SDP Offer Required");
    end(EndReason::NoMedia);
    return;
  }
  auto answer = negotiator_.create_answer(*incoming_->offer(), local_media());
  if (!answer) {
    incoming_->reject(488, "Not Acceptable Here");
    end(EndReason::NoMedia);
    return;
  }
  if (auto ec = media_->set_remote(answer->media)) {
    VA_LOG(log_, warn, "cannot use the offered media: {}", ec.message());
    incoming_->reject(488, "Not Acceptable Here");
    end(EndReason::NoMedia);
    return;
  }
  session_ = incoming_->answer(sdp::serialize(answer->sdp));
  if (!session_) {
    end(EndReason::Rejected);
    return;
  }
  attach_session_events();
  arm_max_duration();
}

void Call::on_confirmed() {
  // Inbound: the ACK for our 200 arrived (rule 1).
  if (status_ == crm::CallStatus::Ringing && !answered_) start_media();
}

}  // namespace va::call
