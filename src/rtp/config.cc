// Maps core::RtpConfig (voiceagent.toml [rtp], VOICEAGENT_RTP_*) onto rtp/ types, clamping
// values a config file could get wrong rather than failing on the data plane.
#include "rtp/config.h"

#include <algorithm>

namespace va::rtp {

PortPoolConfig port_pool_config(const core::RtpConfig& c) {
  PortPoolConfig p;
  p.port_min = static_cast<std::uint16_t>(std::clamp<std::int64_t>(c.port_min, 1024, 65534));
  p.port_max = static_cast<std::uint16_t>(std::clamp<std::int64_t>(c.port_max, p.port_min, 65535));
  p.port_rest = std::chrono::seconds(std::max<std::int64_t>(c.port_rest_s, 0));
  return p;
}

RtpSessionConfig session_config(const core::RtpConfig& c) {
  RtpSessionConfig s;
  s.learning.probation = static_cast<int>(std::clamp<std::int64_t>(c.learning_packets, 1, 100));
  s.learning.window = std::chrono::milliseconds(std::max<std::int64_t>(c.learning_window_ms, 0));
  s.inactivity_timeout = std::chrono::seconds(std::max<std::int64_t>(c.inactivity_timeout_s, 1));
  s.send_silence = c.send_silence;
  return s;
}

}  // namespace va::rtp
