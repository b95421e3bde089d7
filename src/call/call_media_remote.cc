// CallMediaRemote: NegotiatedMedia -> codec, payload types and RTP endpoints.
#include "call/call_media_remote.h"

#include <strings.h>

#include <boost/asio/ip/address.hpp>

#include "call/call_media_errc.h"

namespace va::call {

std::optional<media::CodecId> codec_id_for(const sdp::Codec& codec) {
  if (codec.channels != 1) return std::nullopt;
  if (strcasecmp(codec.name.c_str(), "PCMU") == 0) return media::CodecId::Pcmu;
  if (strcasecmp(codec.name.c_str(), "PCMA") == 0) return media::CodecId::Pcma;
  if (strcasecmp(codec.name.c_str(), "G722") == 0) return media::CodecId::G722;
  return std::nullopt;
}

core::Result<RemoteAudio> remote_audio_from(const sdp::NegotiatedMedia& media) {
  auto codec = codec_id_for(media.codec);
  if (!codec) return make_error_code(MediaErrc::UnsupportedCodec);
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(media.remote_address, ec);
  if (ec) return make_error_code(MediaErrc::BadRemoteAddress);
  RemoteAudio out;
  out.codec = *codec;
  out.payload_type = media.codec.payload_type;
  out.telephone_event_pt = media.dtmf_payload_type;
  out.hold = media.hold || address.is_unspecified() || media.remote_port == 0 ||
             !sdp::sends(media.direction);
  out.remote.rtp = rtp::Endpoint(address, media.remote_port);
  const std::uint16_t rtcp_port =
      media.remote_rtcp_port.value_or(static_cast<std::uint16_t>(media.remote_port + 1));
  out.remote.rtcp = rtp::Endpoint(address, rtcp_port);
  out.remote.rtcp_mux = media.rtcp_mux;
  return out;
}

}  // namespace va::call
