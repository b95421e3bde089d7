// Issue 20: text from outside (a login name, a dialled number, a SIP header) with CR/LF or
// other control bytes in it cannot forge a log line: the process log's formatter escapes the
// whole message, whichever log call carried it.
#include "core/logging.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <algorithm>
#include <sstream>

namespace va::core {
namespace {

TEST(EscapeControl, EscapesCrLfTabAndOtherC0ButKeepsUtf8) {
  EXPECT_EQ(escape_control("plain name +4930 123"), "plain name +4930 123");
  EXPECT_EQ(escape_control("a\r\nb\tc"), "a\\r\\nb\\tc");
  EXPECT_EQ(escape_control(std::string("x\0y\x1b[31m\x7f", 9)), "x\\x00y\\x1b[31m\\x7f");
  EXPECT_EQ(escape_control("Jürgen ☎"), "Jürgen ☎");
}

TEST(LogFormatter, ALoginNameWithCrLfStaysOnItsOwnLogLine) {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  spdlog::logger logger("escape-test", sink);
  logger.set_formatter(log_formatter());
  const std::string name = "bob\r\n2026-01-01T00:00:00.000 info auth: login ok for 'admin'";
  logger.info("auth: failed login for '{}' from {}", name, "10.0.0.1");
  logger.warn("inbound call to {} refused", std::string("+4930\n\x07"));
  const auto text = out.str();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2) << text;
  EXPECT_NE(text.find("bob\\r\\n2026-01-01T00:00:00.000 info auth"), std::string::npos) << text;
  EXPECT_NE(text.find("+4930\\n\\x07 refused"), std::string::npos) << text;
  EXPECT_NE(text.find(" info auth: failed login for 'bob"), std::string::npos) << text;
}

}  // namespace
}  // namespace va::core
