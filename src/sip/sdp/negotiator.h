// SdpNegotiator: one call's side of the offer/answer exchange (RFC 3264 section 8), keeping the
// o= line stable across re-offers and the offer we are waiting an answer for.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "sip/sdp/offer_answer.h"

namespace va::sdp {

// Rules for o= (RFC 3264 section 8, RFC 4566 section 5.2):
//  1. Username and session id never change within the session.
//  2. Each SDP we send differs from the previous one only in content we changed; when the
//     content changed (hold, new port, new codec list) the version goes up by exactly one.
//  3. An SDP identical to the last one sent (a session refresh) keeps the version.
// Thread-compatible; owned by the call.
class SdpNegotiator {
 public:
  // session_id: numeric, unique per session (an NTP-format timestamp is suggested by RFC 4566);
  // initial_version: the version of the first SDP we send.
  SdpNegotiator(std::string session_id, std::uint64_t initial_version, std::string username = "-");

  // Builds our (re-)offer and remembers it until process_answer().
  SessionDescription create_offer(const LocalMedia& local);
  // The peer's answer to our pending offer. NoOfferPending without one.
  core::Result<NegotiatedMedia> process_answer(const SessionDescription& answer);
  // Our answer to the peer's (re-)offer.
  core::Result<Answer> create_answer(const SessionDescription& offer, const LocalMedia& local);

  bool offer_pending() const { return pending_offer_.has_value(); }
  // The last SDP we produced, if any.
  const std::optional<SessionDescription>& last_sent() const { return last_sent_; }

 private:
  // Fills in o= per the rules above and records the result as last sent.
  SessionDescription stamp(SessionDescription s);

  std::string session_id_;
  std::string username_;
  std::uint64_t next_version_;
  std::optional<SessionDescription> last_sent_;
  std::optional<SessionDescription> pending_offer_;
};

}  // namespace va::sdp
