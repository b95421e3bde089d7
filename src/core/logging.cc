// Logging: process logger set-up and the per-call line prefix.
#include "core/logging.h"

#include <spdlog/sinks/stdout_color_sinks.h>

#include "core/assert.h"
#include "core/config.h"

namespace va::core {

void init_logging(const std::string& level) {
  auto lvl = spdlog::level::from_str(level);
  if (lvl == spdlog::level::off && level != "off") {
    throw ConfigError("log_level: unknown level '" + level + "'");
  }
  auto logger = spdlog::stderr_color_mt("voiceagent");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  logger->set_level(lvl);
  spdlog::set_default_logger(logger);
}

std::string LogContext::prefix() const {
  std::string out = "call=" + (call_id.empty() ? std::string("-") : call_id);
  if (!sip_call_id.empty()) out += " sip=" + sip_call_id;
  if (shard >= 0) out += " shard=" + std::to_string(shard);
  return out;
}

void report_bug(const char* expr, const char* file, int line) {
  spdlog::error("BUG: invariant '{}' failed at {}:{}", expr, file, line);
}

}  // namespace va::core
