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

std::error_code base64_decode(std::string_view in, std::vector<std::uint8_t>& out) {
  out.clear();
  std::size_t len = in.size();
  while (len > 0 && in[len - 1] == '=')
    --len;
  if (in.size() - len > 2 || len % 4 == 1) return Errc::ProtocolError;
  if (in.size() != len && in.size() % 4 != 0) return Errc::ProtocolError;
  out.resize(len / 4 * 3 + (len % 4 ? len % 4 - 1 : 0));
  std::uint8_t* o = out.data();
  std::size_t i = 0;
  for (; i + 4 <= len; i += 4) {
    std::uint32_t a = kDecode[static_cast<unsigned char>(in[i])];
    std::uint32_t b = kDecode[static_cast<unsigned char>(in[i + 1])];
    std::uint32_t c = kDecode[static_cast<unsigned char>(in[i + 2])];
    std::uint32_t d = kDecode[static_cast<unsigned char>(in[i + 3])];
    if ((a | b | c | d) == kInvalid || a == kInvalid || b == kInvalid || c == kInvalid ||
        d == kInvalid) {
      out.clear();
      return Errc::ProtocolError;
    }
    std::uint32_t v = (a << 18) | (b << 12) | (c << 6) | d;
    *o++ = static_cast<std::uint8_t>(v >> 16);
    *o++ = static_cast<std::uint8_t>(v >> 8);
    *o++ = static_cast<std::uint8_t>(v);
  }
  std::size_t rest = len - i;
  if (rest == 0) return {};
  std::uint32_t v = 0;
  for (std::size_t k = 0; k < rest; ++k) {
    std::uint32_t x = kDecode[static_cast<unsigned char>(in[i + k])];
    if (x == kInvalid) {
      out.clear();
      return Errc::ProtocolError;
    }
    v |= x << (18 - 6 * k);
  }
  *o++ = static_cast<std::uint8_t>(v >> 16);
  if (rest == 3) *o++ = static_cast<std::uint8_t>(v >> 8);
  return {};
}

}  // namespace va::ai
