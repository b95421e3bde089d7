// Offer/answer for one audio stream (RFC 3264 sections 5-7): build an offer, answer an offer,
// process the answer to our offer. Stateless; SdpNegotiator adds the o= bookkeeping.
#pragma once

#include "core/result.h"
#include "sip/sdp/negotiated_media.h"
#include "sip/sdp/session_description.h"

namespace va::sdp {

// One m=audio with every local codec in preference order, a=rtpmap for each (static ones too,
// which old peers like), ptime, the direction and rtcp-mux if enabled. The origin is left for
// the caller (SdpNegotiator) to fill in.
SessionDescription build_offer(const LocalMedia& local);

struct Answer {
  SessionDescription sdp;  // origin left for the caller to fill in
  NegotiatedMedia media;
};

// Answering rules (RFC 3264 section 6):
//  1. The first m=audio with a non-zero port that shares a codec with us is accepted; every
//     other m= line is rejected with port 0 (video, a second audio). RTP/AVP is taken unless
//     LocalMedia::srtp_required; RTP/SAVP only with LocalMedia::crypto and an offered a=crypto
//     of one of our suites (the offer's first such line; the answer carries our key under its
//     tag, RFC 4568 7.1.2).
//  2. The codec is the first payload type in the OFFER's order that we support, with the
//     offerer's payload type number; with LocalMedia::answer_in_local_order, the first of OUR
//     codecs that the offer lists (still with the offerer's number).
//  3. telephone-event is kept if offered and we have it, with the offerer's payload type.
//  4. Direction mirrors the offer (sendonly -> recvonly, inactive -> inactive) limited by our
//     own; c=0.0.0.0 means we must not send (old-style hold).
//  5. rtcp-mux only if offered and enabled locally.
//  6. The codec's fmtp in the answer is ours when we have one (Opus, G.729: what we receive),
//     else the offer's; NegotiatedMedia::codec keeps the offer's (how to send to the peer).
// NoCommonCodec, SrtpRequired or NoUsableCrypto (-> 488) when no stream can be accepted.
core::Result<Answer> answer_offer(const SessionDescription& offer, const LocalMedia& local);

// What the peer's answer to our offer settled (RFC 3264 section 7): the first answered format
// that we offered, the remote address and port, ptime, direction, telephone-event, rtcp-mux;
// for our RTP/SAVP offer, the answer's a=crypto must name one of our tags and suites
// (SrtpRequired for a plain answer, NoUsableCrypto otherwise).
core::Result<NegotiatedMedia> process_answer(const SessionDescription& offer,
                                             const SessionDescription& answer);

}  // namespace va::sdp
