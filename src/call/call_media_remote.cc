// CallMediaRemote: NegotiatedMedia -> codec, payload types and RTP endpoints.
#include "call/call_media_remote.h"

#include <strings.h>

#include <boost/asio/ip/address.hpp>
#include <charconv>

#include "call/call_media_errc.h"

namespace va::call {

std::optional<media::CodecId> codec_id_for(const sdp::Codec& codec) {
  const char* name = codec.name.c_str();
  // RFC 7587 7: opus/48000/2 always, whatever is sent; we decode mono either way.
  if (strcasecmp(name, "opus") == 0) {
    if (codec.clock_rate != 48000 || codec.channels > 2) return std::nullopt;
    return media::CodecId::Opus;
  }
  if (codec.channels != 1 || codec.clock_rate != 8000) return std::nullopt;
  if (strcasecmp(name, "PCMU") == 0) return media::CodecId::Pcmu;
  if (strcasecmp(name, "PCMA") == 0) return media::CodecId::Pcma;
  if (strcasecmp(name, "G722") == 0) return media::CodecId::G722;
  if (strcasecmp(name, "G729") == 0) return media::CodecId::G729;
  return std::nullopt;
}

media::CodecOptions codec_options_for(const sdp::Codec& codec) {
  media::CodecOptions options;
  const auto rate = sdp::fmtp_value(codec.fmtp, "maxplaybackrate");
  int value = 0;
  // A malformed or absurd value is ignored: the peer then gets the wideband default.
  if (rate && std::from_chars(rate->data(), rate->data() + rate->size(), value).ec == std::errc{} &&
      value >= 8000 && value <= 48000) {
    options.max_playback_rate = value;
  }
  return options;
}

core::Result<RemoteAudio> remote_audio_from(const sdp::NegotiatedMedia& media) {
  auto codec = codec_id_for(media.codec);
  if (!codec) return make_error_code(MediaErrc::UnsupportedCodec);
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(media.remote_address, ec);
  if (ec) return make_error_code(MediaErrc::BadRemoteAddress);
  RemoteAudio out;
  out.codec = *codec;
  out.codec_options = codec_options_for(media.codec);
  out.payload_type = media.codec.payload_type;
  out.telephone_event_pt = media.dtmf_payload_type;
  out.hold = media.hold || address.is_unspecified() || media.remote_port == 0 ||
             !sdp::sends(media.direction);
  out.remote.rtp = rtp::Endpoint(address, media.remote_port);
  const std::uint16_t rtcp_port =
      media.remote_rtcp_port.value_or(static_cast<std::uint16_t>(media.remote_port + 1));
  out.remote.rtcp = rtp::Endpoint(address, rtcp_port);
  out.remote.rtcp_mux = media.rtcp_mux;
  out.srtp = media.srtp;
  return out;
}

}  // namespace va::call
