// AudioCodec: the payload formats we speak, one interface over the stateless G.711 (PCMU 0,
// PCMA 8), the stateful G.722 (9, spandsp), G.729 with Annex B (18, bcg729) and Opus (dynamic
// payload type, RFC 7587, libopus).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace va::media {

enum class CodecId { Pcmu, Pcma, G722, G729, Opus };

// What the peer's SDP says about how to encode for it.
struct CodecOptions {
  // Opus: the peer's maxplaybackrate (RFC 7587 6.1); 8000 or less -> narrowband encoding.
  int max_playback_rate = 48000;
};

class AudioCodec {
 public:
  virtual ~AudioCodec() = default;

  // A fresh encoder/decoder pair; codec state is per call, never shared.
  static std::unique_ptr<AudioCodec> create(CodecId id, const CodecOptions& options = {});

  virtual CodecId id() const = 0;
  // Static PT of RFC 3551 table 4; for Opus the dynamic one we offer (the offer's wins).
  virtual std::uint8_t payload_type() const = 0;
  virtual int sample_rate() const = 0;     // PCM rate: 8000, or 16000 for G.722 and Opus
  virtual int rtp_clock_rate() const = 0;  // 8000 (G.722 too, RFC 3551 4.5.2); Opus 48000
  // Room the encoder needs for n PCM samples (G.711: n; G.722: n / 2; G.729: n / 8; Opus: a
  // bound, the packet is shorter).
  virtual std::size_t encoded_size(std::size_t samples) const = 0;
  // Returns bytes written; out must hold encoded_size(pcm.size()).
  virtual std::size_t encode(std::span<const std::int16_t> pcm, std::uint8_t* out) = 0;
  // The size check every payload passes before the decoder sees it: the samples `payload`
  // decodes to, or 0 when it is not a valid payload of this codec (network input).
  virtual std::size_t decoded_samples(std::span<const std::uint8_t> payload) const = 0;
  // Returns samples written; out must hold decoded_samples(payload) (0: nothing decoded).
  virtual std::size_t decode(std::span<const std::uint8_t> payload, std::int16_t* out) = 0;
  // Discontinuous transmission (G.729 Annex B): the peer's last payload said it stops sending
  // through a pause; until its next packet the receiver plays comfort_noise() in real time.
  virtual bool in_dtx() const { return false; }
  // Up to `samples` of comfort noise (G.729: whole 10 ms frames); 0 for codecs without DTX.
  virtual std::size_t comfort_noise(std::int16_t* /*out*/, std::size_t /*samples*/) { return 0; }
};

}  // namespace va::media
