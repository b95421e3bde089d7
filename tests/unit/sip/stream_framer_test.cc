// StreamFramer tests (RFC 3261 18.3 stream framing, RFC 5626 CRLF keep-alives).
#include "sip/stream_framer.h"

#include <gtest/gtest.h>

#include "sip/errc.h"
#include "sip/message.h"

namespace va::sip {
namespace {

std::string message(std::string_view body) {
  Message m = make_request(Method::Message, *parse_uri("sip:bob@example.com"));
  Via v;
  v.transport = "TCP";
  v.host = "a.example.com";
  v.params.set("branch", "z9hG4bKs1");
  m.via.push_back(v);
  m.from = *parse_name_addr("<sip:alice@example.com>;tag=1");
  m.to = *parse_name_addr("<sip:bob@example.com>");
  m.call_id = "s1";
  m.cseq.number = 1;
  m.content_type = "text/plain";
  m.body = std::string(body);
  return m.serialize();
}

TEST(StreamFramer, CutsMessagesFedByteByByte) {
  const std::string a = message("hello");
  const std::string b = message("");
  const std::string stream = a + "\r\n\r\n" + b;  // a keep-alive in between
  StreamFramer framer;
  std::vector<std::string> out;
  for (char c : stream) {
    framer.feed(std::string_view(&c, 1));
    auto r = framer.next();
    ASSERT_TRUE(r) << r.error().message();
    if (*r) out.push_back(**r);
  }
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], a);
  EXPECT_EQ(out[1], b);
  EXPECT_EQ(framer.buffered(), 0u);
  auto parsed = parse_message(out[0], ParseOptions{.datagram = false});
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->body, "hello");
}

TEST(StreamFramer, SeveralMessagesInOneRead) {
  StreamFramer framer;
  framer.feed(message("one") + message("two") + "\r\n");
  auto first = framer.next();
  auto second = framer.next();
  auto third = framer.next();
  ASSERT_TRUE(first && second && third);
  ASSERT_TRUE(*first && *second);
  EXPECT_TRUE(first->value().ends_with("one"));
  EXPECT_TRUE(second->value().ends_with("two"));
  EXPECT_FALSE(*third);
}

TEST(StreamFramer, CompactAndFoldedContentLength) {
  StreamFramer framer;
  framer.feed("OPTIONS sip:a SIP/2.0\r\nl:\r\n 3\r\n\r\nabc");
  auto r = framer.next();
  ASSERT_TRUE(r && *r);
  EXPECT_TRUE((*r)->ends_with("abc"));
}

TEST(StreamFramer, MissingOrBadContentLengthIsAnError) {
  const std::string a = message("hi");
  StreamFramer missing;
  std::string no_cl = a;
  no_cl.erase(no_cl.find("Content-Length"),
              no_cl.find("\r\n\r\n") + 2 - no_cl.find("Content-Length"));
  missing.feed(no_cl);
  auto r = missing.next();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), make_error_code(Errc::BadContentLength));

  StreamFramer negative;
  std::string neg = a;
  neg.replace(neg.find("Length: 2"), 9, "Length: -2");
  negative.feed(neg);
  EXPECT_EQ(negative.next().error(), make_error_code(Errc::BadContentLength));

  StreamFramer conflicting;
  std::string two = a;
  two.insert(two.find("Content-Length"), "l: 3\r\n");
  conflicting.feed(two);
  EXPECT_EQ(conflicting.next().error(), make_error_code(Errc::BadContentLength));
}

TEST(StreamFramer, SizeLimitAppliesToHeadersAndBody) {
  StreamFramer headers_only(100);
  headers_only.feed(std::string(101, 'x'));
  EXPECT_EQ(headers_only.next().error(), make_error_code(Errc::MessageTooLarge));

  StreamFramer big_body(300);
  std::string m = message("x");
  m.replace(m.find("Length: 1"), 9, "Length: 100000");
  big_body.feed(m);
  EXPECT_EQ(big_body.next().error(), make_error_code(Errc::MessageTooLarge));
}

TEST(StreamFramer, PartialHeadersWaitForMoreBytes) {
  StreamFramer framer;
  const std::string a = message("body");
  framer.feed(a.substr(0, a.size() - 2));
  auto r = framer.next();
  ASSERT_TRUE(r);
  EXPECT_FALSE(*r);
  framer.feed(a.substr(a.size() - 2));
  r = framer.next();
  ASSERT_TRUE(r && *r);
  EXPECT_EQ(**r, a);
}

}  // namespace
}  // namespace va::sip
