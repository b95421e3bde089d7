// Serializer and builders (RFC 3261 7, 8.1.1, 8.2.6): make_request/make_response -> wire text.
#include <gtest/gtest.h>

#include "sip/message.h"

namespace va::sip {
namespace {

Message invite() {
  Message m = make_request(Method::Invite, *parse_uri("sip:bob@biloxi.example.com"));
  Via v;
  v.host = "pc33.atlanta.example.com";
  v.params.set("branch", "z9hG4bK776asdhds");
  m.via.push_back(v);
  m.from = *parse_name_addr("Alice <sip:alice@atlanta.example.com>;tag=1928301774");
  m.to = *parse_name_addr("Bob <sip:bob@biloxi.example.com>");
  m.call_id = "a84b4c76e66710@pc33.atlanta.example.com";
  m.cseq.number = 314159;
  m.contact.push_back(*parse_name_addr("<sip:alice@pc33.atlanta.example.com>"));
  m.headers.add("User-Agent", "voiceagent");
  m.content_type = "application/sdp";
  m.body = "v=0\r\n";
  return m;
}

TEST(Serializer, WritesStartLineTypedHeadersOthersAndComputedContentLength) {
  EXPECT_EQ(invite().serialize(),
            "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
            "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n"
            "From: \"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
            "To: \"Bob\" <sip:bob@biloxi.example.com>\r\n"
            "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
            "CSeq: 314159 INVITE\r\n"
            "Max-Forwards: 70\r\n"
            "Contact: <sip:alice@pc33.atlanta.example.com>\r\n"
            "User-Agent: voiceagent\r\n"
            "Content-Type: application/sdp\r\n"
            "Content-Length: 5\r\n"
            "\r\n"
            "v=0\r\n");
}

TEST(Serializer, RequestRoundTripsThroughTheParser) {
  const Message m = invite();
  auto back = parse_message(m.serialize());
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(*back, m);
}

TEST(Serializer, ContentLengthInHeadersIsNeverWrittenTwice) {
  Message m = invite();
  m.headers.add("Content-Length", "999");
  m.headers.add("l", "999");
  const std::string wire = m.serialize();
  EXPECT_EQ(wire.find("999"), std::string::npos);
  EXPECT_NE(wire.find("Content-Length: 5\r\n"), std::string::npos);
}

TEST(MakeResponse, CopiesDialogHeadersAndAddsToTag) {
  const Message req = invite();
  const Message r = make_response(req, 180, {}, "a6c85cf");
  EXPECT_TRUE(r.is_response());
  EXPECT_EQ(r.status_class(), 1);
  EXPECT_EQ(r.reason, "Ringing");
  EXPECT_EQ(r.via, req.via);
  EXPECT_EQ(r.from, req.from);
  EXPECT_EQ(r.call_id, req.call_id);
  EXPECT_EQ(r.cseq, req.cseq);
  ASSERT_NE(r.to.tag(), nullptr);
  EXPECT_EQ(*r.to.tag(), "a6c85cf");
  EXPECT_TRUE(r.contact.empty());
  EXPECT_TRUE(r.body.empty());
  auto back = parse_message(r.serialize());
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(*back, r);
  EXPECT_TRUE(r.serialize().starts_with("SIP/2.0 180 Ringing\r\n"));
}

TEST(MakeResponse, KeepsAnExistingToTagAndACustomReason) {
  Message req = invite();
  req.to.params.set("tag", "existing");
  const Message r = make_response(req, 486, "Busy Right Now", "other");
  EXPECT_EQ(*r.to.tag(), "existing");
  EXPECT_EQ(r.reason, "Busy Right Now");
}

TEST(DefaultReason, KnowsTheStandardPhrases) {
  EXPECT_EQ(default_reason(100), "Trying");
  EXPECT_EQ(default_reason(200), "OK");
  EXPECT_EQ(default_reason(404), "Not Found");
  EXPECT_EQ(default_reason(481), "Call/Transaction Does Not Exist");
  EXPECT_EQ(default_reason(505), "Version Not Supported");
  EXPECT_EQ(default_reason(603), "Decline");
  EXPECT_EQ(default_reason(299), "");
}

TEST(Serializer, ContactStarAndRouteSetAreWritten) {
  Message m = make_request(Method::Register, *parse_uri("sip:registrar.example.com"));
  m.contact_star = true;
  m.route.push_back(*parse_name_addr("<sip:p1.example.com;lr>"));
  m.record_route.push_back(*parse_name_addr("<sip:p2.example.com;lr>"));
  const std::string wire = m.serialize();
  EXPECT_NE(wire.find("Contact: *\r\n"), std::string::npos);
  EXPECT_NE(wire.find("Route: <sip:p1.example.com;lr>\r\n"), std::string::npos);
  EXPECT_NE(wire.find("Record-Route: <sip:p2.example.com;lr>\r\n"), std::string::npos);
}

}  // namespace
}  // namespace va::sip
