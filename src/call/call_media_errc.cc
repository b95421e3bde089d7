// call::MediaErrc messages, one line each.
#include "call/call_media_errc.h"

#include "core/result.h"

namespace va::call {
namespace {

const char* describe(MediaErrc e) {
  switch (e) {
    case MediaErrc::BadBindAddress:
      return "the local RTP address is not an IP address";
    case MediaErrc::BadRemoteAddress:
      return "the SDP connection address is not an IP address";
    case MediaErrc::UnsupportedCodec:
      return "the negotiated codec is not one we speak (PCMU, PCMA, G722)";
    case MediaErrc::WrongPhase:
      return "not possible in the media's current phase";
  }
  return "unknown media error";
}

}  // namespace

VA_ERROR_CATEGORY(MediaErrc, "call.media", media_category)

}  // namespace va::call
