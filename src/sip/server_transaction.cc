// ServerTransaction: the last response kept as the bytes it was sent as (RFC 3261 17.2).
#include "sip/server_transaction.h"

namespace va::sip {

const std::string& ServerTransaction::last_response_to_tag() const {
  static const std::string kNone;
  return last_response_ ? last_response_->to_tag : kNone;
}

void ServerTransaction::send_response(const Message& response) {
  const std::string* tag = response.to.tag();
  last_response_ = SentResponse{response.serialize(), response.status, tag ? *tag : ""};
  send_serialized(last_response_->bytes);
}

bool ServerTransaction::resend_last_response() {
  if (!last_response_) return false;
  send_serialized(last_response_->bytes, true);
  return true;
}

}  // namespace va::sip
