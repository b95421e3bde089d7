// Message parser tests (RFC 3261 7, 7.3.1, 8.2.2, 18.3): build -> serialize -> parse -> compare,
// then damage one byte (or one line) and expect the specific sip::Errc.
#include <gtest/gtest.h>

#include <string>

#include "sip/errc.h"
#include "sip/message.h"

namespace va::sip {
namespace {

Message sample_invite() {
  Message m = make_request(Method::Invite, *parse_uri("sip:bob@biloxi.example.com"));
  Via v;
  v.host = "pc33.atlanta.example.com";
  v.params.set("branch", "z9hG4bK776asdhds");
  v.params.set("rport");
  m.via.push_back(v);
  m.from = *parse_name_addr("\"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774");
  m.to = *parse_name_addr("<sip:bob@biloxi.example.com>");
  m.call_id = "a84b4c76e66710@pc33.atlanta.example.com";
  m.cseq.number = 314159;
  m.contact.push_back(*parse_name_addr("<sip:alice@pc33.atlanta.example.com>"));
  m.content_type = "application/sdp";
  m.body = "v=0\r\no=alice 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n";
  return m;
}

Errc error_of(std::string_view wire, const ParseOptions& options = {}) {
  auto r = parse_message(wire, options);
  if (r) return Errc::Ok;
  EXPECT_EQ(&r.error().category(), &sip_category());
  return static_cast<Errc>(r.error().value());
}

std::string erase_line(std::string s, std::string_view prefix) {
  const std::size_t at = s.find(std::string("\r\n") + std::string(prefix)) + 2;
  s.erase(at, s.find("\r\n", at) + 2 - at);
  return s;
}

std::string replace_once(std::string s, std::string_view from, std::string_view to) {
  const std::size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST(Parser, BuiltRequestSurvivesSerializeAndParse) {
  const Message m = sample_invite();
  auto r = parse_message(m.serialize());
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(*r, m);
  EXPECT_EQ(r->via[0].branch(), "z9hG4bK776asdhds");
  EXPECT_EQ(*r->from.tag(), "1928301774");
}

TEST(Parser, DamagedStartLineGivesSpecificErrors) {
  const std::string wire = sample_invite().serialize();
  EXPECT_EQ(error_of(replace_once(wire, "SIP/2.0\r\n", "SIP/2.1\r\n")), Errc::UnsupportedVersion);
  EXPECT_EQ(error_of(replace_once(wire, "SIP/2.0\r\n", "SIP/2x0\r\n")), Errc::BadVersion);
  EXPECT_EQ(error_of(replace_once(wire, "INVITE sip", "INV@TE sip")), Errc::BadMethod);
  EXPECT_EQ(error_of(replace_once(wire, "INVITE sip", "INVITE  ip")), Errc::BadStartLine);
  EXPECT_EQ(error_of(replace_once(wire, "sip:bob@biloxi", "sip:bob@bil xi")), Errc::BadRequestUri);
  EXPECT_EQ(error_of(replace_once(wire, "sip:bob@biloxi", "sip:bob@bil%xi")), Errc::BadRequestUri);
  EXPECT_EQ(error_of(replace_once(wire, "INVITE sip:", "INVITE xip:")), Errc::UnsupportedUriScheme);
  EXPECT_EQ(error_of(replace_once(wire, "INVITE sip:", "INVITE\0sip:")), Errc::BadStartLine);
}

TEST(Parser, DamagedHeadersGiveTheHeadersError) {
  const std::string wire = sample_invite().serialize();
  EXPECT_EQ(error_of(replace_once(wire, "SIP/2.0/UDP", "SIP/2.0/U P")), Errc::BadVia);
  EXPECT_EQ(error_of(replace_once(wire, "From: \"Alice", "From: \"Alic\\")), Errc::BadFrom);
  EXPECT_EQ(error_of(replace_once(wire, "To: <sip", "To: <s p")), Errc::BadTo);
  EXPECT_EQ(error_of(replace_once(wire, "Call-ID: a84", "Call-ID: a 4")), Errc::BadCallId);
  EXPECT_EQ(error_of(replace_once(wire, "CSeq: 314159", "CSeq: 31x159")), Errc::BadCSeq);
  EXPECT_EQ(error_of(replace_once(wire, "Max-Forwards: 70", "Max-Forwards: 7x")),
            Errc::BadMaxForwards);
  EXPECT_EQ(error_of(replace_once(wire, "Contact: <sip", "Contact: <sip;")), Errc::BadContact);
  EXPECT_EQ(error_of(replace_once(wire, "Call-ID:", "Call-ID ")), Errc::BadHeaderLine);
  EXPECT_EQ(error_of(replace_once(wire, "Call-ID:", "Call\x01ID:")), Errc::BadHeaderLine);
  EXPECT_EQ(error_of(replace_once(wire, "Content-Length: ", "Content-Length: x")),
            Errc::BadContentLength);
  EXPECT_EQ(error_of(replace_once(wire, "application/sdp", "application")), Errc::BadHeaderValue);
}

TEST(Parser, EachMissingMandatoryHeaderIsNamedAndPartialKeepsTheRest) {
  const std::string wire = sample_invite().serialize();
  const std::pair<const char*, Errc> kCases[] = {{"Via: ", Errc::MissingVia},
                                                 {"From: ", Errc::MissingFrom},
                                                 {"To: ", Errc::MissingTo},
                                                 {"Call-ID: ", Errc::MissingCallId},
                                                 {"CSeq: ", Errc::MissingCSeq}};
  for (const auto& [prefix, expected] : kCases) {
    const std::string damaged = erase_line(wire, prefix);
    Message partial;
    auto r = parse_message(damaged, {}, &partial);
    ASSERT_FALSE(r) << prefix;
    EXPECT_EQ(r.error(), make_error_code(expected)) << prefix;
    EXPECT_STREQ(describe(expected), r.error().message().c_str());
    if (expected != Errc::MissingVia) {
      EXPECT_EQ(partial.via.size(), 1u) << prefix;
    }
    if (expected != Errc::MissingCallId) {
      EXPECT_FALSE(partial.call_id.empty()) << prefix;
    }
  }
}

TEST(Parser, ErrorTextIsUsableAsReasonPhrase) {
  EXPECT_EQ(make_error_code(Errc::BadVia).message(), "Bad Via header");
  EXPECT_EQ(make_error_code(Errc::MissingCallId).message(), "Missing Call-ID");
  EXPECT_EQ(response_status(Errc::UnsupportedVersion), 505);
  EXPECT_EQ(response_status(Errc::UnsupportedUriScheme), 416);
  EXPECT_EQ(response_status(Errc::BadCSeq), 400);
}

TEST(Parser, CSeqMethodMustMatchAndMethodsAreCaseSensitive) {
  const std::string wire = sample_invite().serialize();
  EXPECT_EQ(error_of(replace_once(wire, "314159 INVITE", "314159 ACK")), Errc::CSeqMethodMismatch);
  std::string lower = replace_once(wire, "INVITE sip", "invite sip");
  lower = replace_once(lower, "314159 INVITE", "314159 invite");
  auto r = parse_message(lower);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->method, Method::Unknown);
  EXPECT_EQ(r->method_text, "invite");
  EXPECT_EQ(r->cseq.method, Method::Unknown);
}

TEST(Parser, CompactNamesFoldingAndOddCaseAreAccepted) {
  const std::string wire =
      "\r\n\r\nOPTIONS sip:carol@chicago.example.com SIP/2.0\r\n"
      "v: SIP/2.0/UDP a.example.com;branch=z9hG4bK1,\r\n"
      "   SIP/2.0/TCP [2001:db8::9]:5061;branch=z9hG4bK2;received=192.0.2.7;rport=1234\r\n"
      "f: <sip:alice@atlanta.example.com>\r\n  ;tag=88\r\n"
      "T: sip:carol@chicago.example.com\r\n"
      "I: 1@h\r\n"
      "cSeQ:\t1\tOPTIONS\r\n"
      "m: <sip:a@h1>, \"B, C\" <sip:b@h2>;q=0.5\r\n"
      "route: <sip:p1;lr>,<sip:p2;lr>\r\n"
      "K: 100rel\r\n"
      "L: 0\r\n"
      "\r\n";
  auto r = parse_message(wire);
  ASSERT_TRUE(r) << r.error().message();
  ASSERT_EQ(r->via.size(), 2u);
  EXPECT_EQ(r->via[1].host, "2001:db8::9");
  EXPECT_EQ(*r->via[1].params.get("rport"), "1234");
  EXPECT_EQ(*r->from.tag(), "88");
  EXPECT_EQ(r->to.uri.user, "carol");
  EXPECT_EQ(r->call_id, "1@h");
  EXPECT_EQ(r->cseq.method, Method::Options);
  ASSERT_EQ(r->contact.size(), 2u);
  EXPECT_EQ(r->contact[1].display_name, "B, C");
  EXPECT_EQ(r->route.size(), 2u);
  EXPECT_EQ(*r->headers.get("Supported"), "100rel");
  EXPECT_FALSE(r->max_forwards);
}

TEST(Parser, BareLfLineEndsAreTolerated) {
  std::string wire = sample_invite().serialize();
  const std::size_t head = wire.find("\r\n\r\n");
  std::string lf;
  for (std::size_t i = 0; i < head; ++i) {
    if (wire[i] != '\r') lf.push_back(wire[i]);
  }
  lf += "\n\n" + wire.substr(head + 4);
  auto r = parse_message(lf);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(*r, sample_invite());
}

TEST(Parser, DatagramFramingByContentLength) {
  const std::string wire = sample_invite().serialize();
  auto extra = parse_message(wire + "garbage after the body");
  ASSERT_TRUE(extra);
  EXPECT_EQ(extra->body, sample_invite().body);
  EXPECT_EQ(error_of(wire.substr(0, wire.size() - 1)), Errc::BodyTooShort);
  // Without Content-Length the body runs to the end of the datagram, but not on a stream.
  const std::string no_cl = erase_line(wire, "Content-Length: ");
  auto r = parse_message(no_cl);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->body, sample_invite().body);
  EXPECT_EQ(error_of(no_cl, ParseOptions{.datagram = false}), Errc::BadContentLength);
}

TEST(Parser, SizeAndTruncationLimits) {
  const std::string wire = sample_invite().serialize();
  EXPECT_EQ(error_of(""), Errc::Empty);
  EXPECT_EQ(error_of("\r\n\r\n"), Errc::Empty);
  EXPECT_EQ(error_of(wire.substr(0, wire.find("\r\n\r\n") + 2)), Errc::Truncated);
  EXPECT_EQ(error_of("INVITE sip:a@b SIP/2.0"), Errc::Truncated);
  EXPECT_EQ(error_of(wire, ParseOptions{.max_message_bytes = 100}), Errc::MessageTooLarge);
}

TEST(Parser, DuplicateSingletonHeadersAreRejected) {
  const std::string wire = sample_invite().serialize();
  const std::string head = wire.substr(0, wire.find("\r\n\r\n") + 2);
  const std::string tail = wire.substr(head.size());
  EXPECT_EQ(error_of(head + "From: <sip:x@y>;tag=2\r\n" + tail), Errc::BadFrom);
  EXPECT_EQ(error_of(head + "t: <sip:x@y>\r\n" + tail), Errc::BadTo);
  EXPECT_EQ(error_of(head + "i: other\r\n" + tail), Errc::BadCallId);
  EXPECT_EQ(error_of(head + "CSeq: 1 INVITE\r\n" + tail), Errc::BadCSeq);
  EXPECT_EQ(error_of(head + "Max-Forwards: 70\r\n" + tail), Errc::BadMaxForwards);
  EXPECT_EQ(error_of(head + "l: 1\r\n" + tail), Errc::BadContentLength);
  const std::string length_line = "l: " + std::to_string(sample_invite().body.size()) + "\r\n";
  EXPECT_EQ(error_of(head + length_line + tail), Errc::Ok);  // an agreeing duplicate
  EXPECT_EQ(error_of(head + "Contact: *\r\n" + tail), Errc::BadContact);
}

TEST(Parser, ScalarLimits) {
  const std::string wire = sample_invite().serialize();
  EXPECT_EQ(error_of(replace_once(wire, "CSeq: 314159", "CSeq: 4294967295")), Errc::Ok);
  EXPECT_EQ(error_of(replace_once(wire, "CSeq: 314159", "CSeq: 4294967296")), Errc::BadCSeq);
  EXPECT_EQ(error_of(replace_once(wire, "Max-Forwards: 70", "Max-Forwards: 255")), Errc::Ok);
  EXPECT_EQ(error_of(replace_once(wire, "Max-Forwards: 70", "Max-Forwards: 256")),
            Errc::BadMaxForwards);
}

TEST(Parser, ResponsesParseAndBadStatusCodesAreRejected) {
  Message req = sample_invite();
  const Message resp = make_response(req, 200, {}, "tt");
  const std::string wire = resp.serialize();
  auto r = parse_message(wire);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(*r, resp);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->reason, "OK");
  EXPECT_EQ(error_of(replace_once(wire, " 200 ", " 099 ")), Errc::BadStatusCode);
  EXPECT_EQ(error_of(replace_once(wire, " 200 ", " 2000 ")), Errc::BadStatusCode);
  EXPECT_EQ(error_of(replace_once(wire, " 200 ", " 20x ")), Errc::BadStatusCode);
  EXPECT_EQ(error_of(replace_once(wire, "SIP/2.0 200", "SIP/3.0 200")), Errc::UnsupportedVersion);
  // A response's CSeq method is whatever the request had.
  EXPECT_EQ(error_of(replace_once(wire, "314159 INVITE", "314159 BYE")), Errc::Ok);
}

TEST(Parser, ContactStarIsAccepted) {
  const std::string wire =
      "REGISTER sip:r.example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKr\r\n"
      "From: <sip:a@r.example.com>;tag=1\r\nTo: <sip:a@r.example.com>\r\nCall-ID: r1\r\n"
      "CSeq: 2 REGISTER\r\nContact: *\r\nExpires: 0\r\nContent-Length: 0\r\n\r\n";
  auto r = parse_message(wire);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_TRUE(r->contact_star);
  EXPECT_TRUE(r->contact.empty());
  EXPECT_EQ(*r->headers.get("Expires"), "0");
  auto again = parse_message(r->serialize());
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *r);
}

TEST(Parser, TelRequestUriIsAccepted) {
  const std::string wire = replace_once(sample_invite().serialize(),
                                        "sip:bob@biloxi.example.com SIP", "tel:+15551234 SIP");
  auto r = parse_message(wire);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->request_uri.opaque, "+15551234");
}

}  // namespace
}  // namespace va::sip
