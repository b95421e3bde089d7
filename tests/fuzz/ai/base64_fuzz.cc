// Fuzz target: base64 from the network (every audio chunk both ways, RFC 4648 4 and 5).
// Differential: base64_decode and base64_decode_into (the hot path, straight into samples)
// accept the same inputs with the same bytes; what decodes re-encodes and decodes the same.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ai/base64.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::uint8_t> whole;
  const auto ec = va::ai::base64_decode(text, whole);
  std::vector<std::uint8_t> into(va::ai::base64_decoded_size(text));
  const auto ec_into = va::ai::base64_decode_into(text, into);
  if (static_cast<bool>(ec) != static_cast<bool>(ec_into)) __builtin_trap();
  if (ec) return 0;
  if (whole != into) __builtin_trap();
  std::string again;
  va::ai::base64_encode(whole, again);
  std::vector<std::uint8_t> back;
  if (va::ai::base64_decode(again, back) || back != whole) __builtin_trap();
  return 0;
}
