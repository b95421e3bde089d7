// Proto field names in both JSON spellings (ai-live-protocols.md A2): the service accepts
// lowerCamelCase and the proto's snake_case alike, and writes snake_case in its error paths.
#pragma once

#include <string>
#include <string_view>

namespace va::sim {

// "realtime_input" -> "realtimeInput"; a name without '_' is returned as it is.
std::string to_lower_camel(std::string_view name);
// "generationConfig" -> "generation_config".
std::string to_snake_case(std::string_view name);

}  // namespace va::sim
