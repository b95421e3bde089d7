// Base64 (RFC 4648 sections 4 and 5): table-driven, on the per-chunk audio path both ways.
#include "ai/base64.h"

#include <array>

#include "ai/errc.h"

namespace va::ai {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::uint8_t kInvalid = 0xff;

constexpr std::array<std::uint8_t, 256> make_decode_table() {
  std::array<std::uint8_t, 256> t{};
  for (auto& v : t)
    v = kInvalid;
  for (int i = 0; i < 64; ++i)
    t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::uint8_t>(i);
  t[static_cast<unsigned char>('-')] = 62;  // URL-safe alphabet (RFC 4648 section 5)
  t[static_cast<unsigned char>('_')] = 63;
  return t;
}
constexpr auto kDecode = make_decode_table();

// The whole-quad tables: kQuad[k][c] is character c's 6 bits already shifted to position k of
// a 24-bit group, or kBad (bit 24) for a character outside both alphabets. A quad is then four
// loads and three ORs, and validity is one test at the end of the input (hot path: every audio
// chunk both ways).
constexpr std::uint32_t kBad = 1u << 24;
constexpr std::array<std::array<std::uint32_t, 256>, 4> make_quad_tables() {
  std::array<std::array<std::uint32_t, 256>, 4> t{};
  for (int k = 0; k < 4; ++k) {
    for (int c = 0; c < 256; ++c) {
      const std::uint8_t v = kDecode[static_cast<std::size_t>(c)];
      t[static_cast<std::size_t>(k)][static_cast<std::size_t>(c)] =
          v == kInvalid ? kBad : static_cast<std::uint32_t>(v) << (18 - 6 * k);
    }
  }
  return t;
}
constexpr auto kQuad = make_quad_tables();

}  // namespace

std::size_t base64_encoded_size(std::size_t bytes) {
  return (bytes + 2) / 3 * 4;
}

void base64_encode(std::span<const std::uint8_t> in, std::string& out) {
  std::size_t pos = out.size();
  out.resize(pos + base64_encoded_size(in.size()));
  char* o = out.data() + pos;
  std::size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    std::uint32_t v = (in[i] << 16) | (in[i + 1] << 8) | in[i + 2];
    *o++ = kAlphabet[(v >> 18) & 63];
    *o++ = kAlphabet[(v >> 12) & 63];
    *o++ = kAlphabet[(v >> 6) & 63];
    *o++ = kAlphabet[v & 63];
  }
  std::size_t rest = in.size() - i;
  if (rest == 0) return;
  std::uint32_t v = in[i] << 16;
  if (rest == 2) v |= in[i + 1] << 8;
  *o++ = kAlphabet[(v >> 18) & 63];
  *o++ = kAlphabet[(v >> 12) & 63];
  *o++ = rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
  *o++ = '=';
}

namespace {

// `in` without its '=' padding, or npos when the padding or the length is impossible.
std::size_t unpadded_length(std::string_view in) {
  std::size_t len = in.size();
  while (len > 0 && in[len - 1] == '=')
    --len;
  if (in.size() - len > 2 || len % 4 == 1) return std::string_view::npos;
  if (in.size() != len && in.size() % 4 != 0) return std::string_view::npos;
  return len;
}

std::size_t decoded_size_of(std::size_t len) {
  return len / 4 * 3 + (len % 4 ? len % 4 - 1 : 0);
}

}  // namespace

std::size_t base64_decoded_size(std::string_view in) {
  const std::size_t len = unpadded_length(in);
  return len == std::string_view::npos ? 0 : decoded_size_of(len);
}

std::error_code base64_decode(std::string_view in, std::vector<std::uint8_t>& out) {
  out.resize(base64_decoded_size(in));
  auto ec = base64_decode_into(in, out);
  if (ec) out.clear();
  return ec;
}

std::error_code base64_decode_into(std::string_view in, std::span<std::uint8_t> out) {
  const std::size_t len = unpadded_length(in);
  if (len == std::string_view::npos || out.size() != decoded_size_of(len)) {
    return Errc::ProtocolError;
  }
  std::uint8_t* o = out.data();
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  std::uint32_t seen = 0;
  std::size_t i = 0;
  for (; i + 4 <= len; i += 4) {
    const std::uint32_t v =
        kQuad[0][p[i]] | kQuad[1][p[i + 1]] | kQuad[2][p[i + 2]] | kQuad[3][p[i + 3]];
    seen |= v;
    o[0] = static_cast<std::uint8_t>(v >> 16);
    o[1] = static_cast<std::uint8_t>(v >> 8);
    o[2] = static_cast<std::uint8_t>(v);
    o += 3;
  }
  if (seen & kBad) return Errc::ProtocolError;
  std::size_t rest = len - i;
  if (rest == 0) return {};
  std::uint32_t v = 0;
  for (std::size_t k = 0; k < rest; ++k) {
    std::uint32_t x = kDecode[static_cast<unsigned char>(in[i + k])];
    if (x == kInvalid) return Errc::ProtocolError;
    v |= x << (18 - 6 * k);
  }
  *o++ = static_cast<std::uint8_t>(v >> 16);
  if (rest == 3) *o++ = static_cast<std::uint8_t>(v >> 8);
  return {};
}

}  // namespace va::ai
