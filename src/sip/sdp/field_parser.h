// Parsers for the value of each structured SDP line: o=, c=, b=, t=, m= (RFC 4566 section 5).
// Internal to the SDP parser; each returns the specific Errc of its line type.
#pragma once

#include <string_view>

#include "core/result.h"
#include "sip/sdp/session_description.h"

namespace va::sdp {

core::Result<Origin> parse_origin(std::string_view value);
core::Result<Connection> parse_connection(std::string_view value);
// "IN IP4 addr" split into fields already (also the tail of a=rtcp).
core::Result<Connection> parse_connection_fields(std::string_view nettype,
                                                 std::string_view addrtype,
                                                 std::string_view address);
core::Result<Bandwidth> parse_bandwidth(std::string_view value);
core::Result<Timing> parse_timing(std::string_view value);
// The m= line only; attributes come later.
core::Result<MediaDescription> parse_media_line(std::string_view value);

}  // namespace va::sdp
