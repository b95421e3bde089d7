// Issue 20: INVITEs from a source outside sip.inbound_acl are refused with 403, every one is
// counted (CallManager::Counters, which /metrics shows), and the log gets one line for that
// source however many come within a minute. Real SIP over loopback UDP into our stack.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <sys/socket.h>

#include <boost/asio/ip/udp.hpp>
#include <cstdlib>
#include <sstream>

#include "call_stack_fixture.h"

namespace va::call {
namespace {

namespace asio = boost::asio;
using udp = asio::ip::udp;

std::string invite(int n, std::uint16_t local_port) {
  const std::string call_id = "acl-test-" + std::to_string(n) + "@127.0.0.1";
  return "INVITE sip:+15550001@127.0.0.1 SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 127.0.0.1:" +
         std::to_string(local_port) + ";branch=z9hG4bKacl" + std::to_string(n) +
         "\r\n"
         "Max-Forwards: 70\r\n"
         "From: <sip:scanner@127.0.0.1>;tag=t" +
         std::to_string(n) +
         "\r\n"
         "To: <sip:+15550001@127.0.0.1>\r\n"
         "Call-ID: " +
         call_id +
         "\r\n"
         "CSeq: 1 INVITE\r\n"
         "Contact: <sip:scanner@127.0.0.1:" +
         std::to_string(local_port) +
         ">\r\n"
         "Content-Length: 0\r\n\r\n";
}

// The status code of the first final response on `sock` (0 on timeout).
int final_status(udp::socket& sock) {
  char buf[4096];
  for (int i = 0; i < 10; ++i) {
    ::timeval tv{2, 0};
    ::setsockopt(sock.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    const auto n = ::recv(sock.native_handle(), buf, sizeof buf, 0);
    if (n <= 12) return 0;
    const int status = std::atoi(std::string(buf + 8, 3).c_str());
    if (status >= 200) return status;
  }
  return 0;
}

class InboundAclRefusalTest : public CallStackTest {
 protected:
  void SetUp() override {
    CallStackOptions o;
    o.name = "va_acl_refusal";
    o.port_min = 47000;
    o.inbound_acl = "192.0.2.1/32";  // loopback is not in it
    start(std::move(o));
  }
};

TEST_F(InboundAclRefusalTest, EveryRefusedInviteIsCountedButTheSourceIsLoggedOnce) {
  std::ostringstream log;
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>(
      "acl-test", std::make_shared<spdlog::sinks::ostream_sink_mt>(log)));
  const udp::endpoint stack(asio::ip::make_address("127.0.0.1"), sip_->port());
  asio::io_context io;
  udp::socket sock(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  constexpr int kInvites = 6;
  for (int i = 0; i < kInvites; ++i) {
    sock.send_to(asio::buffer(invite(i, sock.local_endpoint().port())), stack);
    EXPECT_EQ(final_status(sock), 403) << "INVITE " << i;
  }
  spdlog::set_default_logger(previous);
  const auto c = manager_->counters();
  EXPECT_EQ(c.acl_refused, static_cast<std::uint64_t>(kInvites));
  EXPECT_EQ(c.inbound_refused, static_cast<std::uint64_t>(kInvites));
  const auto text = log.str();
  std::size_t lines = 0;
  for (auto at = text.find("not in sip.inbound_acl"); at != std::string::npos;
       at = text.find("not in sip.inbound_acl", at + 1)) {
    ++lines;
  }
  EXPECT_EQ(lines, 1u) << text;
  EXPECT_NE(text.find("127.0.0.1"), std::string::npos) << text;
}

}  // namespace
}  // namespace va::call
