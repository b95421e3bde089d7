// TransactionKey: how requests and responses find their transaction (RFC 3261 17.1.3, 17.2.3).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "sip/message.h"

namespace va::sip {

// RFC 3261 keys use the branch, the top Via sent-by and the method (ACK folded into INVITE).
// RFC 2543 requests (no magic cookie) fall back to Request-URI, From tag, Call-ID, CSeq
// number, top Via and the To tag (17.2.3); `to_tag` is left empty for INVITE/ACK because the
// ACK carries the tag of our response, which the INVITE did not have.
struct TransactionKey {
  bool rfc3261 = true;
  std::string branch;   // rfc3261; for client keys the only Via part that matters
  std::string sent_by;  // top Via "transport host:port" (host lower-cased)
  Method method = Method::Unknown;
  std::string method_text;  // for extension methods
  // RFC 2543 fallback fields.
  std::string request_uri;
  std::string from_tag;
  std::string to_tag;
  std::string call_id;
  std::uint32_t cseq = 0;

  bool operator==(const TransactionKey&) const = default;
  std::string to_string() const;  // for logs
};

struct TransactionKeyHash {
  std::size_t operator()(const TransactionKey& k) const;
};

// Key of the server transaction a request belongs to. ACK maps onto its INVITE; CANCEL keeps
// its own method (it is a transaction of its own, 9.2).
TransactionKey server_key(const Message& request);
// The key of the INVITE server transaction a CANCEL or ACK refers to.
TransactionKey invite_key_for(const Message& cancel_or_ack);
// Key of the client transaction a response belongs to: top Via branch + CSeq method (17.1.3).
TransactionKey client_key(const Message& response);
// Key under which a client transaction for `request` is stored.
TransactionKey client_key_for_request(const Message& request);

}  // namespace va::sip
