// AudioUplink: caller -> AI audio for one call: RTP payload -> decode -> conceal losses ->
// 16 kHz PCM16 (DESIGN.md "Audio path and budget"; RFC 3550 sequence order, RFC 3551 codecs).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "media/audio_codec.h"
#include "media/packet_loss_concealer.h"
#include "media/resampler.h"

namespace va::call {

// Packets arrive as RtpSession accepted them, in arrival order; no playout delay is added
// (the AI wants the audio now, and a jitter buffer would only add latency here).
//   1. The first packet of a source (or after reset()) sets the expected sequence number.
//   2. A packet with the expected number is decoded and passed on.
//   3. A packet up to kMaxConceal frames ahead: the missing frames are concealed first (spandsp
//      PLC at 8 kHz for G.711 and G.729; silence for G.722 and Opus), then the packet is decoded.
//   4. Further ahead (a sender restart or a long outage): nothing is concealed; the stream
//      resyncs on the packet (rule 1).
//   5. A packet behind the expected number arrived too late: dropped (counted).
//   6. A payload the codec's size check refuses (AudioCodec::decoded_samples: G.729 not
//      10-byte frames plus an optional 2-byte SID, Opus not a valid packet) or not 10-30 ms
//      long is dropped (counted) before the decoder sees it; 10-30 ms packets are accepted as
//      they are, larger ones are not (we ask for ptime 20). A G.729 SID frame alone (10 ms)
//      decodes to comfort noise.
//   7. Discontinuous transmission (G.729 Annex B): after a payload that ended in a SID frame
//      the peer sends nothing through the pause; the owner calls on_dtx_tick() every 20 ms
//      until the next packet, and each tick yields 20 ms of comfort noise, so the AI hears the
//      pause as it happens (its turn detection waits for silence) rather than not at all.
class AudioUplink {
 public:
  static constexpr int kMaxConceal = 5;  // 100 ms
  static constexpr int kOutputRate = 16000;

  explicit AudioUplink(media::CodecId codec);
  ~AudioUplink();
  AudioUplink(const AudioUplink&) = delete;
  AudioUplink& operator=(const AudioUplink&) = delete;

  struct Output {
    std::span<const std::int16_t> pcm;     // at the codec's rate (8 or 16 kHz): the recorder's
    std::span<const std::int16_t> pcm16k;  // the AI's input
    int frames = 0;                        // 20 ms frames in it (concealed ones included)
  };
  // Both spans are valid until the next call; empty when the packet was dropped.
  Output on_packet(std::uint16_t seq, std::span<const std::uint8_t> payload);
  // Rule 7: 20 ms of comfort noise while the peer is in DTX; empty (frames 0) otherwise.
  Output on_dtx_tick();
  bool in_dtx() const { return codec_->in_dtx(); }
  // A new source (SSRC change): forget the expected sequence number.
  void reset() { expected_.reset(); }

  int codec_rate() const { return codec_->sample_rate(); }
  std::uint64_t frames() const { return frames_; }
  std::uint64_t concealed() const { return concealed_; }
  std::uint64_t late() const { return late_; }
  std::uint64_t undecodable() const { return undecodable_; }
  std::uint64_t comfort_noise_frames() const { return comfort_noise_frames_; }

 private:
  void conceal_one();
  bool decode(std::span<const std::uint8_t> payload, std::size_t samples);
  Output finish(Output out);  // resamples pcm_ to 16 kHz and fills in the spans

  std::unique_ptr<media::AudioCodec> codec_;
  std::optional<media::PacketLossConcealer> plc_;  // 8 kHz codecs only (spandsp's PLC)
  std::optional<media::Resampler> to16k_;          // none for G.722, Opus (already 16 kHz)
  std::optional<std::uint16_t> expected_;
  std::vector<std::int16_t> pcm_;
  std::vector<std::int16_t> pcm16k_;
  std::uint64_t frames_ = 0;
  std::uint64_t concealed_ = 0;
  std::uint64_t late_ = 0;
  std::uint64_t undecodable_ = 0;
  std::uint64_t comfort_noise_frames_ = 0;
};

}  // namespace va::call
