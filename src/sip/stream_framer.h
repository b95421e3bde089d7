// StreamFramer: cuts a TCP byte stream into SIP messages by Content-Length (RFC 3261 18.3).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace va::sip {

class StreamFramer {
 public:
  explicit StreamFramer(std::size_t max_message_bytes = 65535) : max_(max_message_bytes) {}

  void feed(std::string_view bytes) { buffer_.append(bytes); }
  // The next complete message's bytes, nullopt if more are needed, or an error when the
  // stream cannot be framed (no/invalid Content-Length, over the size limit): the caller
  // then closes the connection. CRLF keep-alives between messages are skipped (RFC 5626).
  core::Result<std::optional<std::string>> next();
  std::size_t buffered() const { return buffer_.size(); }

 private:
  std::size_t max_;
  std::string buffer_;
  std::size_t scanned_ = 0;  // buffer_ bytes already searched for the end of the headers
};

}  // namespace va::sip
