// SIP method names (RFC 3261 7.1, RFC 3262/3265/3311/3428/3515/3903/6086): case-sensitive.
#include "sip/method.h"

#include <array>
#include <utility>

namespace va::sip {

namespace {
constexpr std::array<std::pair<std::string_view, Method>, 14> kMethods{{
    {"INVITE", Method::Invite},
    {"ACK", Method::Ack},
    {"BYE", Method::Bye},
    {"CANCEL", Method::Cancel},
    {"OPTIONS", Method::Options},
    {"REGISTER", Method::Register},
    {"INFO", Method::Info},
    {"UPDATE", Method::Update},
    {"PRACK", Method::Prack},
    {"SUBSCRIBE", Method::Subscribe},
    {"NOTIFY", Method::Notify},
    {"REFER", Method::Refer},
    {"MESSAGE", Method::Message},
    {"PUBLISH", Method::Publish},
}};
}  // namespace

Method method_from_string(std::string_view text) {
  for (const auto& [name, m] : kMethods) {
    if (name == text) return m;
  }
  return Method::Unknown;
}

std::string_view to_string(Method m) {
  for (const auto& [name, method] : kMethods) {
    if (method == m) return name;
  }
  return {};
}

}  // namespace va::sip
