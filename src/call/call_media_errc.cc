// call::MediaErrc messages, one line each.
#include "call/call_media_errc.h"

#include <string>

namespace va::call {
namespace {

class Category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "call.media"; }
  std::string message(int ev) const override {
    switch (static_cast<MediaErrc>(ev)) {
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
};

}  // namespace

const std::error_category& media_category() {
  static const Category kCategory;
  return kCategory;
}

std::error_code make_error_code(MediaErrc e) {
  return {static_cast<int>(e), media_category()};
}

}  // namespace va::call
