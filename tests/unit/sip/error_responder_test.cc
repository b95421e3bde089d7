// ErrorResponder: stateless answers to unparseable requests (RFC 3261 8.2.6, 18.2.2).
#include "sip/error_responder.h"

#include <gtest/gtest.h>

namespace va::sip {
namespace {

const TransportAddress kSource{TransportProtocol::Udp, boost::asio::ip::make_address("127.0.0.1"),
                               40000, 0};

TEST(ErrorResponderTest, MissingCallIdIsAnswered400NamingTheFaultAtTheRportSource) {
  const std::string data =
      "OPTIONS sip:a@127.0.0.1 SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1;rport\r\n"
      "From: <sip:b@127.0.0.1>;tag=f1\r\n"
      "To: <sip:a@127.0.0.1>\r\n"
      "CSeq: 1 OPTIONS\r\n"
      "Content-Length: 0\r\n\r\n";
  auto r = make_error_response(data, Errc::MissingCallId, kSource, "va");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_TRUE(r->bytes.starts_with("SIP/2.0 400 Missing Call-ID\r\n")) << r->bytes;
  EXPECT_NE(r->bytes.find("received=127.0.0.1"), std::string::npos) << r->bytes;
  EXPECT_NE(r->bytes.find("rport=40000"), std::string::npos) << r->bytes;
  EXPECT_NE(r->bytes.find("From: <sip:b@127.0.0.1>;tag=f1\r\n"), std::string::npos);
  EXPECT_NE(r->bytes.find("To: <sip:a@127.0.0.1>;tag="), std::string::npos);
  EXPECT_NE(r->bytes.find("CSeq: 1 OPTIONS\r\n"), std::string::npos);
  EXPECT_TRUE(r->bytes.ends_with("Content-Length: 0\r\n\r\n"));
  EXPECT_EQ(r->to, kSource);
}

TEST(ErrorResponderTest, UnsupportedVersionIsAnswered505) {
  const std::string data =
      "OPTIONS sip:a@127.0.0.1 SIP/3.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\r\n"
      "Call-ID: x\r\n\r\n";
  auto r = make_error_response(data, Errc::UnsupportedVersion, kSource, "");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 505);
  EXPECT_EQ(r->to.port, 5070);
}

TEST(ErrorResponderTest, NeverAnswersResponsesAcksOrMessagesWithoutAUsableVia) {
  const char* cases[] = {
      "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\r\n\r\n",
      "ACK sip:a@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\r\n\r\n",
      "OPTIONS sip:a@127.0.0.1 SIP/2.0\r\nVia: garbage here\r\nCall-ID: x\r\n\r\n",
      "OPTIONS sip:a@127.0.0.1 SIP/2.0\r\nCall-ID: x\r\n\r\n",
      "\x01\x02\x03 binary junk",
      "",
  };
  for (const char* data : cases) {
    EXPECT_FALSE(make_error_response(data, Errc::BadVia, kSource, "")) << data;
  }
}

TEST(ErrorResponderTest, ControlCharactersAreNeverCopiedIntoTheResponse) {
  const std::string data = std::string(
      "OPTIONS sip:a@127.0.0.1 SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\r\n"
      "Call-ID: evil\x01id\r\n"
      "CSeq: 1 OPTIONS\r\n\r\n");
  auto r = make_error_response(data, Errc::BadCallId, kSource, "");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->bytes.find("evil"), std::string::npos);
  EXPECT_NE(r->bytes.find("SIP/2.0 400 Bad Call-ID header"), std::string::npos);
}

}  // namespace
}  // namespace va::sip
