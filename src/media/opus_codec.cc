// Opus over libopus for SIP: VoIP application, mono, 16 kHz PCM, no in-band FEC (we answer
// useinbandfec=0) and no DTX, so every 20 ms tick carries one packet (RFC 7587).
#include "media/opus_codec.h"

#include <opus.h>

#include "core/assert.h"

namespace va::media {

std::size_t opus_payload_samples(std::span<const std::uint8_t> payload) {
  if (payload.empty() || payload.size() > kOpusMaxPacketBytes) return 0;
  const int n = opus_packet_get_nb_samples(payload.data(), static_cast<opus_int32>(payload.size()),
                                           kOpusPcmRate);
  if (n <= 0 || static_cast<std::size_t>(n) > kOpusMaxPacketSamples) return 0;
  return static_cast<std::size_t>(n);
}

OpusEncoderState::OpusEncoderState(bool narrowband) {
  int error = OPUS_OK;
  state_ = opus_encoder_create(kOpusPcmRate, 1, OPUS_APPLICATION_VOIP, &error);
  VA_CHECK(state_ && error == OPUS_OK);
  opus_encoder_ctl(state_, OPUS_SET_BITRATE(narrowband ? 12000 : kOpusBitrate));
  opus_encoder_ctl(state_, OPUS_SET_MAX_BANDWIDTH(narrowband ? OPUS_BANDWIDTH_NARROWBAND
                                                             : OPUS_BANDWIDTH_WIDEBAND));
  opus_encoder_ctl(state_, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
  // Complexity 5 of 10: about half the CPU of the default per 20 ms packet (media bench), for
  // a difference in speech quality phone calls do not carry; a server encodes for every call.
  opus_encoder_ctl(state_, OPUS_SET_COMPLEXITY(kOpusComplexity));
  opus_encoder_ctl(state_, OPUS_SET_INBAND_FEC(0));
  opus_encoder_ctl(state_, OPUS_SET_DTX(0));
}
OpusEncoderState::~OpusEncoderState() {
  opus_encoder_destroy(state_);
}

std::size_t OpusEncoderState::encode(std::span<const std::int16_t> pcm, std::uint8_t* out) {
  const opus_int32 n = opus_encode(state_, pcm.data(), static_cast<int>(pcm.size()), out,
                                   static_cast<opus_int32>(kOpusMaxEncodedBytes));
  return n > 0 ? static_cast<std::size_t>(n) : 0;
}

OpusDecoderState::OpusDecoderState() {
  int error = OPUS_OK;
  state_ = opus_decoder_create(kOpusPcmRate, 1, &error);
  VA_CHECK(state_ && error == OPUS_OK);
}
OpusDecoderState::~OpusDecoderState() {
  opus_decoder_destroy(state_);
}

std::size_t OpusDecoderState::decode(std::span<const std::uint8_t> payload, std::int16_t* out) {
  const std::size_t samples = opus_payload_samples(payload);
  if (samples == 0) return 0;
  const int n = opus_decode(state_, payload.data(), static_cast<opus_int32>(payload.size()), out,
                            static_cast<int>(samples), 0);
  return n > 0 ? static_cast<std::size_t>(n) : 0;
}

}  // namespace va::media
