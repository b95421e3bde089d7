// Dialog: the peer-to-peer state of one SIP dialog (RFC 3261 section 12): its id, targets,
// route set and sequence numbers, and the construction of requests inside it (12.2.1.1).
//
// Rules:
//  1. The id is (Call-ID, local tag, remote tag). A UAS takes the remote tag from From and
//     makes its own local tag; a UAC takes its local tag from From and the remote from To.
//  2. Route set: the Record-Route of the request (UAS, in order) or of the response (UAC,
//     reversed). A UAC's early dialog recomputes it from the 2xx (13.2.2.4).
//  3. Local CSeq: a UAS starts at 0 (none sent yet); a UAC starts at the INVITE's. Every
//     request but ACK and CANCEL takes the next number. Remote CSeq: a request with a lower
//     number than the last one is out of order and gets 500 (12.2.2).
//  4. Request-URI and Route (12.2.1.1): no route set -> remote target, no Route. A loose
//     first route (;lr) -> remote target, Route = route set. A strict first route -> that URI
//     (without header params) as Request-URI, Route = rest of the set + remote target.
//  5. The remote target changes only on target refresh (re-INVITE, UPDATE and their 2xx).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "sip/dialog_errc.h"
#include "sip/dialog_local_contact.h"
#include "sip/message.h"
#include "sip/transport_address.h"

namespace va::sip {

struct DialogId {
  std::string call_id;
  std::string local_tag;
  std::string remote_tag;

  // The id a request arriving inside one of our dialogs names (we are the To side).
  static DialogId of_incoming_request(const Message& request);
  std::string to_string() const;  // "call-id;local=..;remote=.." for logs
  bool operator==(const DialogId&) const = default;
};

struct DialogIdHash {
  std::size_t operator()(const DialogId& id) const;
};

enum class DialogState { Early, Confirmed };

class Dialog {
 public:
  // 12.1.1: the dialog a 1xx-with-tag or 2xx answer to `invite` creates on our (UAS) side.
  // `local_tag` goes into the To of every response; secure when the request came over TLS
  // with a sips Request-URI (we have no TLS, so always false today).
  static core::Result<Dialog> as_uas(const Message& invite, std::string local_tag,
                                     DialogState state = DialogState::Early);
  // 12.1.2: the dialog `response` (101-199 with a To tag, or 2xx) to our `request` creates.
  static core::Result<Dialog> as_uac(const Message& request, const Message& response);

  const DialogId& id() const { return id_; }
  const std::string& call_id() const { return id_.call_id; }
  const std::string& local_tag() const { return id_.local_tag; }
  const std::string& remote_tag() const { return id_.remote_tag; }
  const NameAddr& local_uri() const { return local_uri_; }    // From of our requests
  const NameAddr& remote_uri() const { return remote_uri_; }  // To of our requests
  const Uri& remote_target() const { return remote_target_; }
  const std::vector<NameAddr>& route_set() const { return route_set_; }
  std::uint32_t local_cseq() const { return local_cseq_; }
  std::optional<std::uint32_t> remote_cseq() const { return remote_cseq_; }
  bool secure() const { return secure_; }
  DialogState state() const { return state_; }
  bool is_early() const { return state_ == DialogState::Early; }
  bool is_uac() const { return is_uac_; }

  // UAS: our 2xx was sent. UAC: use confirm_with(2xx).
  void confirm() { state_ = DialogState::Confirmed; }
  // UAC: a 2xx for the INVITE of an early dialog: Confirmed, route set recomputed from the
  // 2xx's Record-Route (reversed) and the remote target from its Contact (13.2.2.4).
  void confirm_with(const Message& response);

  // A request inside the dialog (12.2.1.1): rule 4 for Request-URI and Route; From/To with
  // tags; Call-ID; CSeq = ++local_cseq (for ACK and CANCEL: the current number, not bumped);
  // Max-Forwards 70; `local.via()` with a fresh branch; Contact for target-refresh methods.
  Message make_request(Method method, const LocalContact& local);
  // The ACK for a 2xx to the INVITE with CSeq `invite_cseq` (13.2.2.4): same CSeq number,
  // its own branch, built like any in-dialog request.
  Message make_ack(std::uint32_t invite_cseq, const LocalContact& local) const;

  // Where requests go: the first Route URI, else the remote target (8.1.2); its numeric host
  // and port (5060 by default), UDP unless ;transport=tcp. NoNumericHop for a host name.
  core::Result<TransportAddress> next_hop() const;

  // 12.2.2: true (and remembered) when `cseq` is not lower than the last remote CSeq;
  // false for a lower one: the request is out of order and the caller answers 500.
  bool accept_remote_cseq(std::uint32_t cseq);
  // Target refresh (12.2.1.2 / 12.2.2): the Contact of a re-INVITE, UPDATE or their 2xx
  // replaces the remote target. A message without a sip Contact leaves it unchanged.
  void update_target(const Message& message);

 private:
  Dialog() = default;
  Message base_request(Method method, const LocalContact& local, std::uint32_t cseq) const;

  DialogId id_;
  NameAddr local_uri_;
  NameAddr remote_uri_;
  Uri remote_target_;
  std::vector<NameAddr> route_set_;
  std::uint32_t local_cseq_ = 0;
  std::optional<std::uint32_t> remote_cseq_;
  bool secure_ = false;
  bool is_uac_ = false;
  DialogState state_ = DialogState::Early;
};

// Numeric host:port of a sip/sips URI as a TransportAddress (no DNS): helper for next_hop.
core::Result<TransportAddress> numeric_hop(const Uri& uri);

}  // namespace va::sip
