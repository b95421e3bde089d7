// Message: a SIP request or response (RFC 3261 section 7). The headers every layer needs are
// parsed into typed fields; all others stay in `headers` in their received order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sip/headers.h"
#include "sip/method.h"
#include "sip/name_addr.h"
#include "sip/uri.h"
#include "sip/via.h"

namespace va::sip {

struct CSeq {
  std::uint32_t number = 0;
  Method method = Method::Unknown;
  std::string method_text;  // exact token (for extension methods)
  bool operator==(const CSeq&) const = default;
};

struct Message {
  // Start line. A request has method/request_uri; a response has status/reason.
  bool is_request = true;
  Method method = Method::Unknown;
  std::string method_text;  // exact token as received or to send
  Uri request_uri;
  int status = 0;
  std::string reason;

  // Typed headers (always present in a parsed request or response, except where optional).
  std::vector<Via> via;  // top first
  NameAddr from;
  NameAddr to;
  std::string call_id;
  CSeq cseq;
  std::optional<int> max_forwards;
  std::vector<NameAddr> contact;  // empty for none
  bool contact_star = false;      // "Contact: *" (REGISTER removal)
  std::vector<NameAddr> route;
  std::vector<NameAddr> record_route;
  std::string content_type;  // "" when there is no body

  Headers headers;  // every other header field (Content-Length is not kept: body.size() is)
  std::string body;

  bool is_response() const { return !is_request; }
  // Status class: 1 for 1xx ... 6 for 6xx; 0 for requests.
  int status_class() const { return is_request ? 0 : status / 100; }

  // The wire form: start line, typed headers, other headers, Content-Length, CRLF, body.
  std::string serialize() const;
  void serialize_to(std::string& out) const;
  bool operator==(const Message&) const = default;
};

// Builds a request with the given method and request-URI (method_text filled in).
Message make_request(Method method, Uri request_uri);
// Builds a response to `request` per RFC 3261 section 8.2.6.2: copies Via, From, To (adding
// `to_tag` if non-empty and To has none), Call-ID and CSeq.
Message make_response(const Message& request, int status, std::string_view reason = {},
                      std::string_view to_tag = {});
// The standard reason phrase for a status code ("Not Found"), or "" if unknown.
std::string_view default_reason(int status);

struct ParseOptions {
  std::size_t max_message_bytes = 65535;
  // Datagram transports: bytes beyond Content-Length are discarded (RFC 3261 18.3); a
  // missing Content-Length means the body runs to the end of the datagram.
  bool datagram = true;
};

// Parses one complete message. On error the result names the fault (sip::Errc), and
// `partial`, if given, receives whatever could be parsed (so a 400 can still be routed).
core::Result<Message> parse_message(std::string_view data, const ParseOptions& options = {},
                                    Message* partial = nullptr);

}  // namespace va::sip
