// G.729 over bcg729: 10 ms frames, Annex B SID frames to comfort noise (RFC 3551 4.5.6).
#include "media/g729.h"

extern "C" {
#include <bcg729/decoder.h>
#include <bcg729/encoder.h>
}

#include "core/assert.h"

namespace va::media {

std::size_t g729_payload_samples(std::size_t payload_bytes) {
  const std::size_t frames = payload_bytes / kG729FrameBytes;
  const std::size_t rest = payload_bytes % kG729FrameBytes;
  if (rest != 0 && rest != kG729SidBytes) return 0;
  const std::size_t total = frames + (rest == kG729SidBytes ? 1 : 0);
  return total * kG729FrameSamples;
}

G729Encoder::G729Encoder(bool vad) : state_(initBcg729EncoderChannel(vad ? 1 : 0)) {
  VA_CHECK(state_);
}
G729Encoder::~G729Encoder() {
  closeBcg729EncoderChannel(state_);
}

std::size_t G729Encoder::encode(std::span<const std::int16_t> pcm, std::uint8_t* out) {
  std::size_t written = 0;
  for (std::size_t at = 0; at + kG729FrameSamples <= pcm.size(); at += kG729FrameSamples) {
    std::uint8_t length = 0;
    bcg729Encoder(state_, pcm.data() + at, out + written, &length);
    written += length;
  }
  return written;
}

G729Decoder::G729Decoder() : state_(initBcg729DecoderChannel()) {
  VA_CHECK(state_);
}
G729Decoder::~G729Decoder() {
  closeBcg729DecoderChannel(state_);
}

std::size_t G729Decoder::decode(std::span<const std::uint8_t> payload, std::int16_t* out) {
  const std::size_t samples = g729_payload_samples(payload.size());
  std::size_t at = 0;
  for (std::size_t written = 0; written < samples; written += kG729FrameSamples) {
    const bool sid = payload.size() - at == kG729SidBytes;
    const auto length = static_cast<std::uint8_t>(sid ? kG729SidBytes : kG729FrameBytes);
    // Not RFC 3389 comfort noise: the 2 bytes are G.729 Annex B's own SID frame.
    bcg729Decoder(state_, payload.data() + at, length, 0, sid ? 1 : 0, 0, out + written);
    at += length;
    in_dtx_ = sid;
  }
  return samples;
}

std::size_t G729Decoder::comfort_noise(std::int16_t* out, std::size_t samples) {
  std::size_t written = 0;
  for (; written + kG729FrameSamples <= samples; written += kG729FrameSamples)
    bcg729Decoder(state_, nullptr, 0, 0, 1, 0, out + written);  // untransmitted (SID flag, 0 B)
  return written;
}

}  // namespace va::media
