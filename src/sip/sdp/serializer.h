// SDP serializer (RFC 4566 section 5): SessionDescription -> text with CRLF line endings.
#pragma once

#include <string>

#include "sip/sdp/session_description.h"

namespace va::sdp {

// Lines come out in the section 5 order. Within a media description the attributes we model
// come first (rtpmap, fmtp, ptime, maxptime, direction, rtcp, rtcp-mux), then the others in the
// order they were parsed, so parse(serialize(d)) == d.
std::string serialize(const SessionDescription& s);

}  // namespace va::sdp
