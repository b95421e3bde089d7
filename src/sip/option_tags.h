// Option tags (RFC 3261 19.2, 8.2.2.3): the extensions we support, as our Supported header
// says, and the Require check every request (but CANCEL and ACK) passes before it is handled.
#pragma once

#include <string>
#include <string_view>

#include "sip/message.h"

namespace va::sip {

// What our Supported header lists: reliable provisionals (RFC 3262), session timers (RFC 4028).
inline constexpr std::string_view kSupportedOptions = "100rel, timer";

// The option tags in the Require headers of `request` we do not support, comma-joined in
// their order ("" when none): the value of a 420's Unsupported header.
std::string unsupported_requirements(const Message& request);

}  // namespace va::sip
