// Logging: spdlog with one process logger; a call's lines start "call=<id> sip=<Call-ID>
// shard=<n>".
#pragma once

#include <spdlog/spdlog.h>

#include <string>

namespace va::core {

// Sets up the process logger (stderr) at a level name: trace, debug, info, warn, error, off.
void init_logging(const std::string& level);

// Identity a layer below call/ is given so its lines carry the call id without knowing Call.
struct LogContext {
  std::string call_id;
  std::string sip_call_id;
  int shard = -1;

  std::string prefix() const;
};

// Logs one line prefixed by the context: VA_LOG(ctx, info, "remote {} locked", addr).
#define VA_LOG(ctx, level, ...) ::spdlog::level("{} {}", (ctx).prefix(), ::fmt::format(__VA_ARGS__))

}  // namespace va::core
