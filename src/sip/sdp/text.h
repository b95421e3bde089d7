// Small lexical helpers shared by the SDP parser and offer/answer (RFC 4566 section 9 grammar).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace va::sdp::text {

// Splits on runs of spaces; empty fields are dropped, so a trailing space is harmless.
std::vector<std::string_view> split_fields(std::string_view s);

// Digits only (no sign, no spaces), value <= max.
std::optional<std::uint64_t> parse_uint(std::string_view s, std::uint64_t max);

// RFC 4566 token: visible characters except the separators SDP uses.
bool is_token(std::string_view s);
// One or more visible ASCII characters (0x21-0x7e): addresses, protos, formats.
bool is_visible(std::string_view s);

bool iequals(std::string_view a, std::string_view b);

}  // namespace va::sdp::text
