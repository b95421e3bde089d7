// Logging: spdlog with one process logger; a call's lines start "call=<id> sip=<Call-ID>
// shard=<n>".
#pragma once

#include <spdlog/formatter.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <string_view>

namespace va::core {

// Sets up the process logger (stderr) at a level name: trace, debug, info, warn, error, off.
// Its lines go through log_formatter().
void init_logging(const std::string& level);

// The process log's line format, with every message escaped by escape_control: a login name,
// a dialled number, a SIP header or a user agent with CR/LF in it cannot forge a log line,
// whichever log call carries it (escaping here, in the one formatter, covers them all).
std::unique_ptr<spdlog::formatter> log_formatter();

// CR, LF and TAB as \r \n \t, every other C0 byte and DEL as \xNN, backslash unchanged;
// bytes >= 0x80 (UTF-8) are kept.
std::string escape_control(std::string_view text);

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
