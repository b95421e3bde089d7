// Random tokens: To/From tags (RFC 3261 19.3) and Via branches (8.1.1.7).
#pragma once

#include <string>

namespace va::sip {

// 64 random bits in hex (19.3 asks for at least 32).
std::string make_tag();
// "z9hG4bK" followed by 64 random bits in hex: unique in space and time (8.1.1.7).
std::string make_branch();

}  // namespace va::sip
