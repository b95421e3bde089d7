// SIP methods (RFC 3261 section 7.1 and the extensions a UA meets).
#pragma once

#include <string_view>

namespace va::sip {

enum class Method {
  Unknown,  // an extension method we do not implement: text kept in Message::method_text
  Invite,
  Ack,
  Bye,
  Cancel,
  Options,
  Register,
  Info,
  Update,
  Prack,
  Subscribe,
  Notify,
  Refer,
  Message,
  Publish,
};

// Method names are case-sensitive (RFC 3261 section 7.1): "invite" is an unknown method.
Method method_from_string(std::string_view text);
std::string_view to_string(Method m);

}  // namespace va::sip
