// StallConfig's names (see stall_mode.h).
#include "sim/stall_mode.h"

namespace va::sim {

bool parse_stall_mode(std::string_view text, StallMode& out) {
  if (text == "none") {
    out = StallMode::None;
  } else if (text == "silent") {
    out = StallMode::Silent;
  } else if (text == "zeros") {
    out = StallMode::Zeros;
  } else {
    return false;
  }
  return true;
}

bool parse_stall_recovery(std::string_view text, StallRecovery& out) {
  if (text == "never") {
    out = StallRecovery::Never;
  } else if (text == "nudge") {
    out = StallRecovery::Nudge;
  } else if (text == "reconnect") {
    out = StallRecovery::Reconnect;
  } else {
    return false;
  }
  return true;
}

bool add_stall_key(std::string_view spec, StallConfig& config) {
  const auto first = spec.find(':');
  const std::string key(spec.substr(0, first));
  if (key.empty()) return false;
  StallConfig::PerKey p{config.mode, config.until};
  if (first != std::string_view::npos) {
    const auto rest = spec.substr(first + 1);
    const auto second = rest.find(':');
    if (!parse_stall_mode(rest.substr(0, second), p.mode)) return false;
    if (second != std::string_view::npos && !parse_stall_recovery(rest.substr(second + 1), p.until))
      return false;
  }
  config.keys[key] = p;
  return true;
}

}  // namespace va::sim
