// G.722 over spandsp (ITU-T G.722 sub-band ADPCM, 64 kbit/s mode), on the ITU level.
//
// The Recommendation's codec works on 14-bit uniform PCM; the ITU reference, PJSIP and
// linphone take 16-bit PCM >> 2 in and give << 2 out. Spandsp instead treats 16-bit PCM as
// 15-bit (its QMF shifts one bit less than the Recommendation's, both ways), so fed 16-bit PCM
// as is, its bitstream is 6 dB hotter than every other implementation's: callers reached the
// AI 6 dB quiet and loud AI speech clipped at the phone. So we take the ITU's 14 bits
// (x >> 2) and hand them to spandsp on its 15-bit scale (* 2): its encoder then produces the
// reference bitstream bit for bit. On the way back its 15-bit output is cut to the ITU's 14
// bits (>> 1) and widened to 16 (* 4, saturated). Spandsp's options change none of this
// (G722_PACKED packs bits for 48/56 kbit/s, G722_SAMPLE_RATE_8000 drops the upper band).
#include "media/g722.h"

// Spandsp headers need telephony.h first.
// clang-format off
#include <spandsp/telephony.h>
#include <spandsp/g722.h>
// clang-format on

#include <algorithm>
#include <array>

#include "core/assert.h"

namespace va::media {
namespace {

// One 20 ms frame at 16 kHz per spandsp call; longer input is taken in pieces.
constexpr std::size_t kChunk = 320;

std::int16_t to_spandsp_scale(std::int16_t pcm16) {
  return static_cast<std::int16_t>((pcm16 >> 2) * 2);
}

std::int16_t from_spandsp_scale(std::int16_t spandsp15) {
  return static_cast<std::int16_t>(std::clamp((spandsp15 >> 1) * 4, -32768, 32767));
}

}  // namespace

G722Encoder::G722Encoder() : state_(g722_encode_init(nullptr, 64000, 0)) {
  VA_CHECK(state_);
}
G722Encoder::~G722Encoder() {
  g722_encode_free(state_);
}

std::size_t G722Encoder::encode(std::span<const std::int16_t> pcm, std::uint8_t* out) {
  std::array<std::int16_t, kChunk> scaled;
  std::size_t written = 0;
  for (std::size_t at = 0; at < pcm.size(); at += kChunk) {
    const auto piece = pcm.subspan(at, std::min(kChunk, pcm.size() - at));
    std::transform(piece.begin(), piece.end(), scaled.begin(), to_spandsp_scale);
    written += static_cast<std::size_t>(
        g722_encode(state_, out + written, scaled.data(), static_cast<int>(piece.size())));
  }
  return written;
}

G722Decoder::G722Decoder() : state_(g722_decode_init(nullptr, 64000, 0)) {
  VA_CHECK(state_);
}
G722Decoder::~G722Decoder() {
  g722_decode_free(state_);
}

std::size_t G722Decoder::decode(std::span<const std::uint8_t> payload, std::int16_t* out) {
  const auto n = static_cast<std::size_t>(
      g722_decode(state_, out, payload.data(), static_cast<int>(payload.size())));
  std::transform(out, out + n, out, from_spandsp_scale);
  return n;
}

}  // namespace va::media
