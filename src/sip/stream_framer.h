// StreamFramer: cuts a TCP byte stream into SIP messages by Content-Length (RFC 3261 18.3).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

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

  // RFC 5626 3.5.1 keep-alives seen between messages since the last call: a CRLFCRLF is a
  // ping (the reader answers CRLF), a lone CRLF a pong.
  struct KeepAlives {
    std::size_t pings = 0;
    std::size_t pongs = 0;
  };
  KeepAlives take_keepalives() { return std::exchange(keepalives_, KeepAlives{}); }

 private:
  std::size_t max_;
  std::string buffer_;
  std::size_t scanned_ = 0;  // buffer_ bytes already searched for the end of the headers
  KeepAlives keepalives_;
};

}  // namespace va::sip
