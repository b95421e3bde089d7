// G.729 encoder and decoder (ITU-T G.729 with Annex B silence frames, via bcg729), one state
// per call, and the size rules an RTP payload of G.729 must meet (RFC 3551 section 4.5.6).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

struct bcg729EncoderChannelContextStruct_struct;
struct bcg729DecoderChannelContextStruct_struct;

namespace va::media {

// RFC 3551 4.5.6: a G.729 payload is zero or more 10-byte frames (10 ms of 8 kHz speech each),
// optionally followed by one 2-byte Annex B SID frame (comfort noise parameters).
inline constexpr std::size_t kG729FrameBytes = 10;
inline constexpr std::size_t kG729SidBytes = 2;
inline constexpr std::size_t kG729FrameSamples = 80;

// The 8 kHz samples a payload decodes to (80 per speech or SID frame), or 0 when its size
// breaks the rule above (empty, or a remainder other than 0 or 2 bytes).
std::size_t g729_payload_samples(std::size_t payload_bytes);

class G729Encoder {
 public:
  // vad: Annex B voice activity detection. We send without it (annexb=no); the tests use it to
  // produce the SID frames and gaps a gateway sends.
  explicit G729Encoder(bool vad = false);
  ~G729Encoder();
  G729Encoder(const G729Encoder&) = delete;
  G729Encoder& operator=(const G729Encoder&) = delete;

  // 8 kHz PCM, whole 10 ms frames (a remainder is ignored); returns the bytes written:
  // 10 per speech frame, with VAD 2 per SID frame and 0 for a frame not to be sent.
  std::size_t encode(std::span<const std::int16_t> pcm, std::uint8_t* out);

 private:
  bcg729EncoderChannelContextStruct_struct* state_;
};

class G729Decoder {
 public:
  G729Decoder();
  ~G729Decoder();
  G729Decoder(const G729Decoder&) = delete;
  G729Decoder& operator=(const G729Decoder&) = delete;

  // A payload whose size g729_payload_samples() accepts; out holds that many samples. A SID
  // frame becomes comfort noise. Returns the samples written (0 for a size it refuses).
  std::size_t decode(std::span<const std::uint8_t> payload, std::int16_t* out);
  // Annex B DTX: the last payload ended with a SID frame, so the sender now sends nothing
  // until the noise changes or speech resumes.
  bool in_dtx() const { return in_dtx_; }
  // Comfort noise for frames the sender did not transmit (Annex B "untransmitted frames", from
  // the last SID's parameters): whole 10 ms frames of `samples`; returns the samples written.
  std::size_t comfort_noise(std::int16_t* out, std::size_t samples);

 private:
  bcg729DecoderChannelContextStruct_struct* state_;
  bool in_dtx_ = false;
};

}  // namespace va::media
