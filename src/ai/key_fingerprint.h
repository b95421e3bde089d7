// Key fingerprint: the first 12 hex digits of SHA-256 of an API key (DESIGN.md contract).
// It is all that logs, the simulator's log and the API ever show of a key.
#pragma once

#include <string>
#include <string_view>

namespace va::ai {

std::string key_fingerprint(std::string_view key);

}  // namespace va::ai
