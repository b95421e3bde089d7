// Opus encoder and decoder for SIP calls (RFC 6716 via libopus, RTP per RFC 7587), one state
// per call: 16 kHz PCM (wideband), or narrowband when the peer plays back at 8 kHz at most.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

struct OpusEncoder;
struct OpusDecoder;

namespace va::media {

inline constexpr int kOpusPcmRate = 16000;       // our side of the codec, both ways
inline constexpr int kOpusRtpClockRate = 48000;  // RFC 7587 4.1: always 48000
inline constexpr int kOpusBitrate = 24000;       // wideband speech, bit/s
inline constexpr int kOpusComplexity = 5;        // of 0-10 (libopus default 10); see opus_codec.cc
inline constexpr std::size_t kOpusMaxPacketBytes = 1275;  // RFC 6716 3.4 (R4)
inline constexpr std::size_t kOpusMaxPacketSamples = 120 * kOpusPcmRate / 1000;  // 120 ms
// What our encoder may write per 20 ms packet: 128 kbit/s, far above the 24 we ask for, and
// the size of a G.711 packet at 16 kHz, which the downlink's buffer holds.
inline constexpr std::size_t kOpusMaxEncodedBytes = 320;

// The 16 kHz samples an RTP payload of Opus decodes to, or 0 when it is not a valid Opus
// packet (RFC 6716 3.4: empty, bad frame count byte, over 1275 bytes or 120 ms).
std::size_t opus_payload_samples(std::span<const std::uint8_t> payload);

class OpusEncoderState {
 public:
  // narrowband: the peer's maxplaybackrate is 8000 or less (RFC 7587 6.1), so wider audio
  // would be wasted bits; the encoder is limited to 4 kHz of audio bandwidth at 12 kbit/s.
  explicit OpusEncoderState(bool narrowband = false);
  ~OpusEncoderState();
  OpusEncoderState(const OpusEncoderState&) = delete;
  OpusEncoderState& operator=(const OpusEncoderState&) = delete;

  // 16 kHz PCM, one frame of 2.5-60 ms (we send 20 ms); returns the bytes written (at most
  // kOpusMaxEncodedBytes), 0 on a frame size Opus does not take.
  std::size_t encode(std::span<const std::int16_t> pcm, std::uint8_t* out);

 private:
  OpusEncoder* state_;
};

class OpusDecoderState {
 public:
  OpusDecoderState();
  ~OpusDecoderState();
  OpusDecoderState(const OpusDecoderState&) = delete;
  OpusDecoderState& operator=(const OpusDecoderState&) = delete;

  // A payload opus_payload_samples() accepts; out holds that many samples (mono: a stereo
  // stream is mixed down by the decoder). Returns the samples written, 0 if it fails.
  std::size_t decode(std::span<const std::uint8_t> payload, std::int16_t* out);

 private:
  OpusDecoder* state_;
};

}  // namespace va::media
