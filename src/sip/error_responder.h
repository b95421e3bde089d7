// ErrorResponder: the stateless answer to a request the parser rejected (RFC 3261 8.2.6,
// 21.4.1 400, 21.5.9 505, 21.4.14 416, 21.5.14 513). It works on the raw bytes because the
// message never became a Message: the reason phrase names the fault (sip::Errc).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sip/errc.h"
#include "sip/transport_address.h"

namespace va::sip {

struct ErrorResponse {
  int status = 400;
  std::string bytes;    // the whole response, ready for the socket
  TransportAddress to;  // where it goes (18.2.2)
};


// Rules:
//  1. Never answer a response or an ACK (17.2.1: an ACK is never answered).
//  2. The top Via must parse: it is stamped (received/rport) and routes the answer; without
//     a usable Via there is nowhere safe to send one, so the message is only counted.
//  3. Via, From, To (plus our tag), Call-ID and CSeq are copied as received when present and
//     free of control characters.
std::optional<ErrorResponse> make_error_response(std::string_view data, Errc error,
                                                 const TransportAddress& source,
                                                 std::string_view server);

}  // namespace va::sip
