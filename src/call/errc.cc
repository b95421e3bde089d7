// call::Errc messages: one line each, shown to API clients as they are.
#include "call/errc.h"

#include <string>

namespace va::call {
namespace {

class Category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "call"; }
  std::string message(int ev) const override {
    switch (static_cast<Errc>(ev)) {
      case Errc::NodeLimit:
        return "this node is at its limit of concurrent calls";
      case Errc::OwnerLimit:
        return "the user is at their limit of concurrent calls";
      case Errc::InvalidTarget:
        return "not a number that can be dialled";
      case Errc::NoTrunk:
        return "no SIP trunk is configured (sip.trunk.uri)";
      case Errc::NoKey:
        return "the user has no AI API key and no default key is configured";
      case Errc::PortsExhausted:
        return "no free RTP port";
      case Errc::NotLive:
        return "the call is not live";
      case Errc::ShuttingDown:
        return "the server is shutting down";
    }
    return "unknown call error";
  }
};

}  // namespace

const std::error_category& call_category() {
  static const Category kCategory;
  return kCategory;
}

std::error_code make_error_code(Errc e) {
  return {static_cast<int>(e), call_category()};
}

}  // namespace va::call
