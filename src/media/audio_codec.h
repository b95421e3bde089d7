// AudioCodec: the payload formats of RFC 3551 we speak (PCMU 0, PCMA 8, G722 9), one interface
// over the stateless G.711 and the stateful G.722 (spandsp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace va::media {

enum class CodecId { Pcmu, Pcma, G722 };

class AudioCodec {
 public:
  virtual ~AudioCodec() = default;

  // A fresh encoder/decoder pair; G.722 state is per call, never shared.
  static std::unique_ptr<AudioCodec> create(CodecId id);

  virtual CodecId id() const = 0;
  virtual std::uint8_t payload_type() const = 0;  // static PT of RFC 3551 table 4
  virtual int sample_rate() const = 0;            // PCM rate: 8000, or 16000 for G.722
  virtual int rtp_clock_rate() const = 0;         // 8000 for all three (RFC 3551 4.5.2)
  // Encoded bytes for n PCM samples (G.711: n; G.722 at 64 kbit/s: n / 2).
  virtual std::size_t encoded_size(std::size_t samples) const = 0;
  // Returns bytes written; out must hold encoded_size(pcm.size()).
  virtual std::size_t encode(std::span<const std::int16_t> pcm, std::uint8_t* out) = 0;
  // Returns samples written; out must hold the decoded count (G.711: n, G.722: 2n).
  virtual std::size_t decode(std::span<const std::uint8_t> payload, std::int16_t* out) = 0;
};

}  // namespace va::media
