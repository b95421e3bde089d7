// SdpNegotiator: o= bookkeeping and the pending offer (RFC 3264 section 8).
#include "sip/sdp/negotiator.h"

#include "sip/sdp/errc.h"

namespace va::sdp {

SdpNegotiator::SdpNegotiator(std::string session_id, std::uint64_t initial_version,
                             std::string username)
    : session_id_(std::move(session_id)),
      username_(std::move(username)),
      next_version_(initial_version) {}

SessionDescription SdpNegotiator::stamp(SessionDescription s) {
  s.origin.username = username_;
  s.origin.session_id = session_id_;
  if (last_sent_) {
    s.origin.session_version = last_sent_->origin.session_version;
    if (s == *last_sent_) return s;  // rule 3: unchanged
    s.origin.session_version = last_sent_->origin.session_version + 1;
  } else {
    s.origin.session_version = next_version_;
  }
  last_sent_ = s;
  return s;
}

SessionDescription SdpNegotiator::create_offer(const LocalMedia& local) {
  SessionDescription offer = stamp(build_offer(local));
  pending_offer_ = offer;
  return offer;
}

core::Result<NegotiatedMedia> SdpNegotiator::process_answer(const SessionDescription& answer) {
  if (!pending_offer_) return Errc::NoOfferPending;
  auto result = sdp::process_answer(*pending_offer_, answer);
  pending_offer_.reset();
  return result;
}

core::Result<Answer> SdpNegotiator::create_answer(const SessionDescription& offer,
                                                  const LocalMedia& local) {
  auto answer = answer_offer(offer, local);
  if (!answer) return answer.error();
  answer->sdp = stamp(std::move(answer->sdp));
  return answer;
}

}  // namespace va::sdp
