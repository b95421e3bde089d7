// Key fingerprint: the first 12 hex digits of SHA-256 of an API key (DESIGN.md contract).
// It is all that the API, the UI, the logs and the simulator's log ever show of a key; the one
// implementation for crm/ (the vault, the pool), ai/, call/ and the simulator.
#pragma once

#include <string>
#include <string_view>

namespace va::core {

std::string key_fingerprint(std::string_view key);

}  // namespace va::core
