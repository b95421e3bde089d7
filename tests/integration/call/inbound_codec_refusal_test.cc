// Issue 17: an inbound INVITE with no codec in common (or no offer at all) gets 488 before any
// 180/183, with a Warning 305; one we could answer still rings first. Real SIP over loopback
// UDP into our stack and CallManager.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <boost/asio/ip/udp.hpp>
#include <cstdlib>
#include <string>
#include <vector>

#include "call_stack_fixture.h"

namespace va::call {
namespace {

namespace asio = boost::asio;
using udp = asio::ip::udp;

std::string sdp_offering(const std::string& payload_types, const std::string& rtpmaps) {
  return "v=0\r\n"
         "o=- 1 1 IN IP4 127.0.0.1\r\n"
         "s=-\r\n"
         "c=IN IP4 127.0.0.1\r\n"
         "t=0 0\r\n"
         "m=audio 40000 RTP/AVP " +
         payload_types + "\r\n" + rtpmaps;
}

std::string invite(const std::string& tag, std::uint16_t local_port, const std::string& sdp) {
  std::string m =
      "INVITE sip:+15550001@127.0.0.1 SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 127.0.0.1:" +
      std::to_string(local_port) + ";branch=z9hG4bKcodec" + tag +
      "\r\n"
      "Max-Forwards: 70\r\n"
      "From: <sip:caller@127.0.0.1>;tag=f" +
      tag +
      "\r\n"
      "To: <sip:+15550001@127.0.0.1>\r\n"
      "Call-ID: codec-test-" +
      tag +
      "@127.0.0.1\r\n"
      "CSeq: 1 INVITE\r\n"
      "Contact: <sip:caller@127.0.0.1:" +
      std::to_string(local_port) + ">\r\n";
  if (!sdp.empty()) m += "Content-Type: application/sdp\r\n";
  m += "Content-Length: " + std::to_string(sdp.size()) + "\r\n\r\n" + sdp;
  return m;
}

struct Responses {
  std::vector<int> statuses;  // every response up to and including the first final one
  std::string final_text;
};

Responses responses(udp::socket& sock) {
  Responses out;
  char buf[4096];
  for (int i = 0; i < 10; ++i) {
    ::timeval tv{2, 0};
    ::setsockopt(sock.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    const auto n = ::recv(sock.native_handle(), buf, sizeof buf, 0);
    if (n <= 12) return out;
    const int status = std::atoi(std::string(buf + 8, 3).c_str());
    out.statuses.push_back(status);
    if (status >= 200) {
      out.final_text.assign(buf, static_cast<std::size_t>(n));
      return out;
    }
  }
  return out;
}

bool has_ringing(const std::vector<int>& statuses) {
  for (int s : statuses)
    if (s == 180 || s == 183) return true;
  return false;
}

class InboundCodecRefusalTest : public CallStackTest {
 protected:
  void SetUp() override {
    CallStackOptions o;
    o.name = "va_codec_refusal";
    o.port_min = 47200;
    o.inbound_acl = "127.0.0.1/32";
    start(std::move(o));
  }

  Responses send(const std::string& tag, const std::string& sdp) {
    const udp::endpoint stack(asio::ip::make_address("127.0.0.1"), sip_->port());
    sock_.send_to(asio::buffer(invite(tag, sock_.local_endpoint().port(), sdp)), stack);
    return responses(sock_);
  }

  asio::io_context io_;
  udp::socket sock_{io_, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
};

TEST_F(InboundCodecRefusalTest, NoCodecInCommonGets488BeforeAnyRinging) {
  // G.729 and GSM only: neither is in rtp.codecs.
  const auto r = send("g729", sdp_offering("18 3", "a=rtpmap:18 G729/8000\r\n"));
  ASSERT_FALSE(r.statuses.empty());
  EXPECT_EQ(r.statuses.back(), 488);
  EXPECT_FALSE(has_ringing(r.statuses));
  EXPECT_NE(r.final_text.find("Warning: 305 "), std::string::npos) << r.final_text;
  EXPECT_EQ(manager_->counters().inbound_refused, 1u);
}

TEST_F(InboundCodecRefusalTest, AnInviteWithoutAnOfferGets488BeforeAnyRinging) {
  const auto r = send("nooffer", "");
  ASSERT_FALSE(r.statuses.empty());
  EXPECT_EQ(r.statuses.back(), 488);
  EXPECT_FALSE(has_ringing(r.statuses));
}

TEST_F(InboundCodecRefusalTest, AnOfferWeCanAnswerStillRingsFirst) {
  // PCMU in common: it rings, then is refused for the number (no inbound route in this test).
  const auto r = send("pcmu", sdp_offering("18 0", "a=rtpmap:18 G729/8000\r\n"));
  ASSERT_FALSE(r.statuses.empty());
  EXPECT_TRUE(has_ringing(r.statuses));
  EXPECT_NE(r.statuses.back(), 488);
}

}  // namespace
}  // namespace va::call
