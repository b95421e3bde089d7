// call::MediaErrc: why a call's media bridge could not be set up or changed (CallMedia).
#pragma once

#include <system_error>

namespace va::call {

enum class MediaErrc {
  BadBindAddress = 1,  // the configured local RTP address is not an IP literal
  BadRemoteAddress,    // the SDP's connection address is not an IP literal
  UnsupportedCodec,    // negotiated a codec we cannot encode (we speak PCMU, PCMA, G722)
  WrongPhase,          // e.g. start() before prepare() and set_remote(), or after stop()
};

const std::error_category& media_category();
std::error_code make_error_code(MediaErrc e);

}  // namespace va::call

template <>
struct std::is_error_code_enum<va::call::MediaErrc> : std::true_type {};
