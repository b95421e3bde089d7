// SDP parser (RFC 4566 section 5): text -> SessionDescription, or a specific sdp::Errc.
#pragma once

#include <cstddef>
#include <string_view>

#include "core/result.h"
#include "sip/sdp/session_description.h"

namespace va::sdp {

// A SIP body larger than this is not an audio offer we want to read.
inline constexpr std::size_t kMaxSdpSize = 64 * 1024;
inline constexpr std::size_t kMaxMediaCount = 32;

// Lines end in CRLF or a bare LF (RFC 4566 section 5 asks parsers to accept both). Each line is
// strictly "<type>=<value>": no space around '=', one lower-case letter type. v=, o=, s= come
// first in that order; t= precedes the first m=; a media stream with a non-zero port needs a c=
// at media or session level. Empty lines are allowed only at the end of the body.
core::Result<SessionDescription> parse(std::string_view text);

}  // namespace va::sdp
