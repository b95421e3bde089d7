// Base64 (RFC 4648 section 4, and section 5 URL-safe on decode): protobuf-JSON `bytes` fields.
// Encode with the standard alphabet and padding; decode tolerates missing padding and the
// URL-safe alphabet (ai-live-protocols.md A2, A15).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace va::ai {

std::size_t base64_encoded_size(std::size_t bytes);
// Appends the encoding of `in` to `out`.
void base64_encode(std::span<const std::uint8_t> in, std::string& out);
// Decodes into `out` (cleared first). Errc::ProtocolError on a character outside both alphabets,
// misplaced padding or an impossible length.
std::error_code base64_decode(std::string_view in, std::vector<std::uint8_t>& out);
// The bytes `in` decodes to (0 when its length or padding is impossible).
std::size_t base64_decoded_size(std::string_view in);
// Decodes into `out`, which must be exactly base64_decoded_size(in) bytes: the hot audio path
// decodes straight into its sample buffer. Same errors as base64_decode (out is then garbage).
std::error_code base64_decode_into(std::string_view in, std::span<std::uint8_t> out);

}  // namespace va::ai
