// Logging: process logger set-up and the per-call line prefix.
#include "core/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <algorithm>

#include "core/assert.h"
#include "core/config.h"

namespace va::core {
namespace {

void append_escaped(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c != 0x7f) {
      out.push_back(ch);
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
}

// The message of a log line (%v), escaped.
class EscapedMessage : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    const std::string_view payload(msg.payload.data(), msg.payload.size());
    if (std::none_of(payload.begin(), payload.end(), [](char ch) {
          const auto c = static_cast<unsigned char>(ch);
          return c < 0x20 || c == 0x7f;
        })) {
      dest.append(payload.data(), payload.data() + payload.size());
      return;
    }
    const auto escaped = escape_control(payload);
    dest.append(escaped.data(), escaped.data() + escaped.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<EscapedMessage>();
  }
};

}  // namespace

std::string escape_control(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped(text, out);
  return out;
}

std::unique_ptr<spdlog::formatter> log_formatter() {
  auto f = std::make_unique<spdlog::pattern_formatter>();
  f->add_flag<EscapedMessage>('*').set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %*");
  return f;
}

void init_logging(const std::string& level) {
  auto lvl = spdlog::level::from_str(level);
  if (lvl == spdlog::level::off && level != "off") {
    throw ConfigError("log_level: unknown level '" + level + "'");
  }
  auto logger = spdlog::stderr_color_mt("voiceagent");
  logger->set_formatter(log_formatter());
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
