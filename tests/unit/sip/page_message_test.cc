// send_page_message: one RFC 3428 MESSAGE outside any dialog, its digest retry, its result
// (page_message.h), with the gateway played by hand.
#include "sip/page_message.h"

#include <gtest/gtest.h>

#include "unit/sip/dialog_test_support.h"

namespace va::sip {
namespace {

using test::DialogFixture;

struct PageMessageTest : DialogFixture, ::testing::Test {
  void send(PageMessageConfig c) {
    send_page_message(registry, std::move(c), [this](int status, std::string reason) {
      results.emplace_back(status, std::move(reason));
    });
  }
  PageMessageConfig config() const {
    PageMessageConfig c;
    c.request_uri = "sip:+15557654321@127.0.0.1:5070";
    c.body = text;
    c.username = "alice";
    c.password = "secret";
    return c;
  }
  Message message() const { return sent_requests(Method::Message).back().message; }
  Message gw(int status) const { return make_response(message(), status, {}, "gw-tag"); }

  const std::string text = "Grüße, 日本 🎉 " + std::string(160, 'x');
  std::vector<std::pair<int, std::string>> results;
};

TEST_F(PageMessageTest, SendsTheTextAsUtf8PlainTextToTheNumberAndReportsThe2xx) {
  send(config());
  ASSERT_EQ(sent_requests(Method::Message).size(), 1u);
  const Message m = message();
  EXPECT_EQ(m.request_uri.to_string(), "sip:+15557654321@127.0.0.1:5070");
  EXPECT_EQ(m.to.uri.user, "+15557654321");
  EXPECT_EQ(m.from.uri.user, "alice");
  EXPECT_NE(m.from.tag(), nullptr);
  EXPECT_EQ(m.content_type, "text/plain;charset=UTF-8");
  EXPECT_EQ(m.body, text);
  EXPECT_EQ(sent_requests(Method::Message)[0].to, test::udp_peer(5070));
  EXPECT_TRUE(results.empty());
  deliver(gw(202));
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].first, 202);
}

TEST_F(PageMessageTest, AChallengeIsAnsweredOnceThenTheRefusalIsReported) {
  send(config());
  Message challenge = gw(407);
  challenge.headers.add("Proxy-Authenticate", "Digest realm=\"trunk\", nonce=\"n1\", qop=\"auth\"");
  deliver(challenge);
  ASSERT_EQ(sent_requests(Method::Message).size(), 2u);
  const Message retry = message();
  EXPECT_NE(retry.headers.get("Proxy-Authorization"), nullptr);
  EXPECT_EQ(retry.body, text);
  EXPECT_TRUE(results.empty());
  Message again = gw(407);
  again.headers.add("Proxy-Authenticate", "Digest realm=\"trunk\", nonce=\"n1\", qop=\"auth\"");
  deliver(again);  // the same nonce again: our credentials were refused
  EXPECT_EQ(sent_requests(Method::Message).size(), 2u);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].first, 407);
}

TEST_F(PageMessageTest, ABadTargetIsReportedAtOnceWithNothingSent) {
  auto c = config();
  c.request_uri = "sip:+1555@gateway.example";  // no DNS here: not a numeric hop
  send(c);
  EXPECT_TRUE(sent_requests(Method::Message).empty());
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].first, 0);
  EXPECT_FALSE(results[0].second.empty());
}

}  // namespace
}  // namespace va::sip
