// AudioCodec implementations: G.711 u/A-law (tables in g711.cc), G.722 (spandsp, 64 kbit/s),
// G.729 (bcg729) and Opus (libopus).
#include "media/audio_codec.h"

#include "media/g711.h"
#include "media/g722.h"
#include "media/g729.h"
#include "media/opus_codec.h"

namespace va::media {
namespace {

class Pcmu final : public AudioCodec {
 public:
  // AudioCodec
  CodecId id() const override { return CodecId::Pcmu; }
  std::uint8_t payload_type() const override { return 0; }
  int sample_rate() const override { return 8000; }
  int rtp_clock_rate() const override { return 8000; }
  std::size_t encoded_size(std::size_t n) const override { return n; }
  std::size_t encode(std::span<const std::int16_t> pcm, std::uint8_t* out) override {
    g711::encode_ulaw(pcm, out);
    return pcm.size();
  }
  std::size_t decoded_samples(std::span<const std::uint8_t> payload) const override {
    return payload.size();
  }
  std::size_t decode(std::span<const std::uint8_t> payload, std::int16_t* out) override {
    g711::decode_ulaw(payload, out);
    return payload.size();
  }
};

class Pcma final : public AudioCodec {
 public:
  // AudioCodec
  CodecId id() const override { return CodecId::Pcma; }
  std::uint8_t payload_type() const override { return 8; }
  int sample_rate() const override { return 8000; }
  int rtp_clock_rate() const override { return 8000; }
  std::size_t encoded_size(std::size_t n) const override { return n; }
  std::size_t encode(std::span<const std::int16_t> pcm, std::uint8_t* out) override {
    g711::encode_alaw(pcm, out);
    return pcm.size();
  }
  std::size_t decoded_samples(std::span<const std::uint8_t> payload) const override {
    return payload.size();
  }
  std::size_t decode(std::span<const std::uint8_t> payload, std::int16_t* out) override {
    g711::decode_alaw(payload, out);
    return payload.size();
  }
};

class G722Codec final : public AudioCodec {
 public:
  // AudioCodec
  CodecId id() const override { return CodecId::G722; }
  std::uint8_t payload_type() const override { return 9; }
  int sample_rate() const override { return 16000; }
  int rtp_clock_rate() const override { return 8000; }
  std::size_t encoded_size(std::size_t n) const override { return n / 2; }
  std::size_t encode(std::span<const std::int16_t> pcm, std::uint8_t* out) override {
    return encoder_.encode(pcm, out);
  }
  std::size_t decoded_samples(std::span<const std::uint8_t> payload) const override {
    return payload.size() * 2;
  }
  std::size_t decode(std::span<const std::uint8_t> payload, std::int16_t* out) override {
    return decoder_.decode(payload, out);
  }

 private:
  G722Encoder encoder_;
  G722Decoder decoder_;
};

class G729Codec final : public AudioCodec {
 public:
  // AudioCodec
  CodecId id() const override { return CodecId::G729; }
  std::uint8_t payload_type() const override { return 18; }
  int sample_rate() const override { return 8000; }
  int rtp_clock_rate() const override { return 8000; }
  std::size_t encoded_size(std::size_t n) const override {
    return n / kG729FrameSamples * kG729FrameBytes;
  }
  std::size_t encode(std::span<const std::int16_t> pcm, std::uint8_t* out) override {
    return encoder_.encode(pcm, out);
  }
  std::size_t decoded_samples(std::span<const std::uint8_t> payload) const override {
    return g729_payload_samples(payload.size());
  }
  std::size_t decode(std::span<const std::uint8_t> payload, std::int16_t* out) override {
    return decoder_.decode(payload, out);
  }
  bool in_dtx() const override { return decoder_.in_dtx(); }
  std::size_t comfort_noise(std::int16_t* out, std::size_t samples) override {
    return decoder_.comfort_noise(out, samples);
  }

 private:
  G729Encoder encoder_;  // without VAD: we send annexb=no
  G729Decoder decoder_;
};

class OpusCodec final : public AudioCodec {
 public:
  explicit OpusCodec(const CodecOptions& options) : encoder_(options.max_playback_rate <= 8000) {}

  // AudioCodec
  CodecId id() const override { return CodecId::Opus; }
  std::uint8_t payload_type() const override { return 111; }
  int sample_rate() const override { return kOpusPcmRate; }
  int rtp_clock_rate() const override { return kOpusRtpClockRate; }
  std::size_t encoded_size(std::size_t) const override { return kOpusMaxEncodedBytes; }
  std::size_t encode(std::span<const std::int16_t> pcm, std::uint8_t* out) override {
    return encoder_.encode(pcm, out);
  }
  std::size_t decoded_samples(std::span<const std::uint8_t> payload) const override {
    return opus_payload_samples(payload);
  }
  std::size_t decode(std::span<const std::uint8_t> payload, std::int16_t* out) override {
    return decoder_.decode(payload, out);
  }

 private:
  OpusEncoderState encoder_;
  OpusDecoderState decoder_;
};

}  // namespace

std::unique_ptr<AudioCodec> AudioCodec::create(CodecId id, const CodecOptions& options) {
  switch (id) {
    case CodecId::Pcmu:
      return std::make_unique<Pcmu>();
    case CodecId::Pcma:
      return std::make_unique<Pcma>();
    case CodecId::G722:
      return std::make_unique<G722Codec>();
    case CodecId::G729:
      return std::make_unique<G729Codec>();
    case CodecId::Opus:
      return std::make_unique<OpusCodec>(options);
  }
  return nullptr;
}

}  // namespace va::media
