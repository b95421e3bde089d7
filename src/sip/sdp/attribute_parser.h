// Parsers for the a= lines we act on (RFC 4566 section 6, RFC 3264, RFC 3605, RFC 5761);
// every other attribute is kept as name/value text. Internal to the SDP parser.
#pragma once

#include <string_view>
#include <system_error>

#include "sip/sdp/session_description.h"

namespace va::sdp {

// Splits "name[:value]" into an Attribute; BadAttribute if the name is not a token.
std::error_code split_attribute(std::string_view line_value, Attribute& out);

std::error_code apply_session_attribute(SessionDescription& s, Attribute a);
std::error_code apply_media_attribute(MediaDescription& m, Attribute a);

}  // namespace va::sdp
