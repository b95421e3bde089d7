// AudioUplink: in-order decoding with loss concealment; see the numbered rules in the header.
#include "call/audio_uplink.h"

namespace va::call {
namespace {

// Frames ahead of `expected`, wrap-aware (RFC 3550 A.1 arithmetic): negative = behind.
int ahead(std::uint16_t seq, std::uint16_t expected) {
  return static_cast<std::int16_t>(static_cast<std::uint16_t>(seq - expected));
}

}  // namespace

AudioUplink::AudioUplink(media::CodecId codec) : codec_(media::AudioCodec::create(codec)) {
  if (codec_->sample_rate() == 8000) {
    plc_.emplace();
    to16k_.emplace(8000, kOutputRate);
  }
  pcm_.reserve(static_cast<std::size_t>(kMaxConceal + 2) * 320);
  pcm16k_.reserve(static_cast<std::size_t>(kMaxConceal + 2) * 320 + 32);
}

AudioUplink::~AudioUplink() = default;

AudioUplink::Output AudioUplink::on_packet(std::uint16_t seq,
                                           std::span<const std::uint8_t> payload) {
  pcm_.clear();
  pcm16k_.clear();
  Output out;
  // Rule 6: the codec's size check (before its decoder sees the payload), then 10 to 30 ms.
  const std::size_t samples = codec_->decoded_samples(payload);
  const auto per_10ms = static_cast<std::size_t>(codec_->sample_rate() / 100);
  if (samples < per_10ms || samples > 3 * per_10ms) {
    ++undecodable_;
    return out;
  }
  if (expected_) {
    const int gap = ahead(seq, *expected_);
    if (gap < 0) {  // rule 5
      ++late_;
      return out;
    }
    if (gap <= kMaxConceal) {  // rules 2 and 3
      for (int i = 0; i < gap; ++i)
        conceal_one();
      out.frames += gap;
    }
  }
  expected_ = static_cast<std::uint16_t>(seq + 1);
  decode(payload, samples);
  ++out.frames;
  frames_ += static_cast<std::uint64_t>(out.frames);
  return finish(out);
}

AudioUplink::Output AudioUplink::on_dtx_tick() {
  pcm_.clear();
  pcm16k_.clear();
  if (!codec_->in_dtx()) return {};
  const std::size_t n = static_cast<std::size_t>(codec_->sample_rate()) / 50;
  pcm_.resize(n);
  pcm_.resize(codec_->comfort_noise(pcm_.data(), n));
  if (pcm_.empty()) return {};
  Output out;
  out.frames = 1;
  ++frames_;
  ++comfort_noise_frames_;
  return finish(out);
}

AudioUplink::Output AudioUplink::finish(Output out) {
  if (to16k_) {
    to16k_->process(pcm_, pcm16k_);
    out.pcm16k = pcm16k_;
  } else {
    out.pcm16k = pcm_;
  }
  out.pcm = pcm_;
  return out;
}

void AudioUplink::conceal_one() {
  const std::size_t n = static_cast<std::size_t>(codec_->sample_rate()) / 50;
  const std::size_t at = pcm_.size();
  pcm_.resize(at + n, 0);
  if (plc_) plc_->conceal({pcm_.data() + at, n});
  ++concealed_;
}

bool AudioUplink::decode(std::span<const std::uint8_t> payload, std::size_t samples) {
  const std::size_t at = pcm_.size();
  pcm_.resize(at + samples);
  const std::size_t got = codec_->decode(payload, pcm_.data() + at);
  pcm_.resize(at + got);
  if (plc_) plc_->on_good({pcm_.data() + at, got});
  return got == samples;
}

}  // namespace va::call
