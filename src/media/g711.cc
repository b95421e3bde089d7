// G.711 tables, built at compile time from the segment rules of ITU-T G.711 Tables 1a/2a.
// The encoder tables are indexed by the top 14 (mu-law) or 13 (A-law) bits: the lower bits
// never change the code, so the tables are exact for every 16-bit input.
#include "media/g711.h"

#include <array>
#include <bit>

namespace va::media::g711 {
namespace {

constexpr int kUlawBias = 0x84;  // 33 << 2

constexpr std::uint8_t ulaw_from_linear(int linear) {
  int mask = 0xff;
  if (linear < 0) {
    linear = kUlawBias - linear - 1;  // one's complement magnitude, as G.191 does
    mask = 0x7f;
  } else {
    linear += kUlawBias;
  }
  const int seg = std::bit_width(static_cast<unsigned>(linear | 0xff)) - 1 - 7;
  if (seg >= 8) return static_cast<std::uint8_t>(0x7f ^ mask);
  return static_cast<std::uint8_t>(((seg << 4) | ((linear >> (seg + 3)) & 0x0f)) ^ mask);
}

constexpr std::uint8_t alaw_from_linear(int linear) {
  int mask = 0xd5;  // 0x55 even-bit inversion, sign bit set for positive
  if (linear < 0) {
    linear = -linear - 1;
    mask = 0x55;
  }
  const int seg = std::bit_width(static_cast<unsigned>(linear | 0xff)) - 1 - 7;
  if (seg >= 8) return static_cast<std::uint8_t>(0x7f ^ mask);
  const int shift = seg ? seg + 3 : 4;
  return static_cast<std::uint8_t>(((seg << 4) | ((linear >> shift) & 0x0f)) ^ mask);
}

constexpr std::int16_t linear_from_ulaw(std::uint8_t code) {
  const int u = ~code & 0xff;
  const int t = (((u & 0x0f) << 3) + kUlawBias) << ((u & 0x70) >> 4);
  return static_cast<std::int16_t>((u & 0x80) ? (kUlawBias - t) : (t - kUlawBias));
}

constexpr std::int16_t linear_from_alaw(std::uint8_t code) {
  const int a = code ^ 0x55;
  int t = (a & 0x0f) << 4;
  const int seg = (a & 0x70) >> 4;
  t = seg ? (t + 0x108) << (seg - 1) : t + 8;
  return static_cast<std::int16_t>((a & 0x80) ? t : -t);
}

constexpr auto kUlawEncode = [] {
  std::array<std::uint8_t, 1 << 14> t{};
  for (int i = 0; i < (1 << 14); ++i)
    t[i] = ulaw_from_linear(static_cast<std::int16_t>(i << 2));
  return t;
}();
constexpr auto kAlawEncode = [] {
  std::array<std::uint8_t, 1 << 13> t{};
  for (int i = 0; i < (1 << 13); ++i)
    t[i] = alaw_from_linear(static_cast<std::int16_t>(i << 3));
  return t;
}();
constexpr auto kUlawDecode = [] {
  std::array<std::int16_t, 256> t{};
  for (int i = 0; i < 256; ++i)
    t[i] = linear_from_ulaw(static_cast<std::uint8_t>(i));
  return t;
}();
constexpr auto kAlawDecode = [] {
  std::array<std::int16_t, 256> t{};
  for (int i = 0; i < 256; ++i)
    t[i] = linear_from_alaw(static_cast<std::uint8_t>(i));
  return t;
}();

}  // namespace

std::uint8_t linear_to_ulaw(std::int16_t s) {
  return kUlawEncode[static_cast<std::uint16_t>(s) >> 2];
}
std::int16_t ulaw_to_linear(std::uint8_t c) {
  return kUlawDecode[c];
}
std::uint8_t linear_to_alaw(std::int16_t s) {
  return kAlawEncode[static_cast<std::uint16_t>(s) >> 3];
}
std::int16_t alaw_to_linear(std::uint8_t c) {
  return kAlawDecode[c];
}

void encode_ulaw(std::span<const std::int16_t> in, std::uint8_t* out) {
  for (std::size_t i = 0; i < in.size(); ++i)
    out[i] = linear_to_ulaw(in[i]);
}
void decode_ulaw(std::span<const std::uint8_t> in, std::int16_t* out) {
  for (std::size_t i = 0; i < in.size(); ++i)
    out[i] = kUlawDecode[in[i]];
}
void encode_alaw(std::span<const std::int16_t> in, std::uint8_t* out) {
  for (std::size_t i = 0; i < in.size(); ++i)
    out[i] = linear_to_alaw(in[i]);
}
void decode_alaw(std::span<const std::uint8_t> in, std::int16_t* out) {
  for (std::size_t i = 0; i < in.size(); ++i)
    out[i] = kAlawDecode[in[i]];
}

}  // namespace va::media::g711
