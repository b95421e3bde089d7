// G.722 over spandsp (ITU-T G.722 sub-band ADPCM, 64 kbit/s mode).
#include "media/g722.h"

// Spandsp headers need telephony.h first.
// clang-format off
#include <spandsp/telephony.h>
#include <spandsp/g722.h>
// clang-format on

#include "core/assert.h"

namespace va::media {

G722Encoder::G722Encoder() : state_(g722_encode_init(nullptr, 64000, 0)) {
  VA_CHECK(state_);
}
G722Encoder::~G722Encoder() {
  g722_encode_free(state_);
}

std::size_t G722Encoder::encode(std::span<const std::int16_t> pcm, std::uint8_t* out) {
  return static_cast<std::size_t>(
      g722_encode(state_, out, pcm.data(), static_cast<int>(pcm.size())));
}

G722Decoder::G722Decoder() : state_(g722_decode_init(nullptr, 64000, 0)) {
  VA_CHECK(state_);
}
G722Decoder::~G722Decoder() {
  g722_decode_free(state_);
}

std::size_t G722Decoder::decode(std::span<const std::uint8_t> payload, std::int16_t* out) {
  return static_cast<std::size_t>(
      g722_decode(state_, out, payload.data(), static_cast<int>(payload.size())));
}

}  // namespace va::media
