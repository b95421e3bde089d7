// Webhooks without sockets: the signature against a value computed by Python's hmac module
// from the documented scheme, the URL rule, the POST/PATCH body validation (400 naming the
// field) and the retry schedule DESIGN.md asks for (first retry within 60 s, backoff for a day).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/webhook_body.h"
#include "api/webhook_dispatcher.h"
#include "api/webhook_signature.h"
#include "api/webhook_url.h"

namespace va::api {
namespace {

TEST(WebhookSignature, MatchesHmacSha256OfTimestampDotBody) {
  // python3 -c 'import hmac,hashlib; print(hmac.new(b"whsec_test_secret_0123",
  //   b"1700000000.{\"event\":\"call.ended\",\"call_id\":7}", hashlib.sha256).hexdigest())'
  EXPECT_EQ(webhook_signature("whsec_test_secret_0123", 1700000000,
                              R"({"event":"call.ended","call_id":7})"),
            "v1=4d60a8474cd8b4ba9e5b5a9effdd32b21b527c644e3cb5edb7ca543cbebf7796");
}

TEST(WebhookSignature, ChangesWithEveryInput) {
  const auto base = webhook_signature("secret-secret-123", 100, "{}");
  EXPECT_NE(base, webhook_signature("secret-secret-124", 100, "{}"));
  EXPECT_NE(base, webhook_signature("secret-secret-123", 101, "{}"));
  EXPECT_NE(base, webhook_signature("secret-secret-123", 100, "{ }"));
  EXPECT_EQ(base.size(), 3u + 64u);
}

TEST(WebhookUrl, AcceptsHttpsAndLoopbackHttp) {
  auto u = parse_webhook_url("https://hooks.example.com/in?x=1");
  ASSERT_TRUE(u);
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->host, "hooks.example.com");
  EXPECT_EQ(u->port, "443");
  EXPECT_EQ(u->target, "/in?x=1");
  EXPECT_EQ(u->host_header, "hooks.example.com");
  auto l = parse_webhook_url("http://127.0.0.1:8081");
  ASSERT_TRUE(l);
  EXPECT_FALSE(l->tls);
  EXPECT_EQ(l->port, "8081");
  EXPECT_EQ(l->target, "/");
  EXPECT_EQ(l->host_header, "127.0.0.1:8081");
  auto v6 = parse_webhook_url("http://[::1]:9000/h");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->host_header, "[::1]:9000");
  EXPECT_TRUE(parse_webhook_url("http://localhost/h"));
}

TEST(WebhookUrl, RefusesWhatIsNotAnHttpsReceiverNamingTheField) {
  for (const char* bad :
       {"", "not a url", "ftp://example.com/x", "example.com/hook", "http://example.com/hook",
        "https://user:pw@example.com/", "https:///nohost", "https://example.com/#frag",
        "javascript:alert(1)", "http://10.0.0.1/x", "https://example.com:99999/"}) {
    auto r = parse_webhook_url(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().status, 400) << bad;
    EXPECT_NE(r.error().message.find("'url'"), std::string::npos)
        << bad << ": " << r.error().message;
  }
}

TEST(WebhookBody, CreateNeedsUrlAndKnownEventsAndGeneratesASecret) {
  auto w = parse_webhook(R"({"url":"https://h.example/x","events":["call.ended","campaign.done"]})",
                         {}, true);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->events, (std::vector<std::string>{"call.ended", "campaign.done"}));
  EXPECT_EQ(w->secret.rfind("whsec_", 0), 0u);
  EXPECT_EQ(w->secret.size(), 6u + 48u);
  EXPECT_NE(w->secret, generate_webhook_secret());
}

TEST(WebhookBody, BadInputIsA400NamingTheField) {
  struct Case {
    const char* body;
    const char* field;
  };
  for (
      const auto& c : std::initializer_list<Case>{
          {R"({"events":["call.ended"]})", "'url'"},
          {R"({"url":"ftp://x/y","events":["call.ended"]})", "'url'"},
          {R"({"url":7,"events":["call.ended"]})", "'url'"},
          {R"({"url":"https://h.example/x"})", "'events'"},
          {R"({"url":"https://h.example/x","events":[]})", "'events'"},
          {R"({"url":"https://h.example/x","events":"call.ended"})", "'events'"},
          {R"({"url":"https://h.example/x","events":["call.started"]})", "'events'"},
          {R"({"url":"https://h.example/x","events":[1]})", "'events'"},
          {R"({"url":"https://h.example/x","events":["call.ended","call.ended"]})", "'events'"},
          {R"({"url":"https://h.example/x","events":["call.ended"],"secret":"short"})", "'secret'"},
          {R"({"url":"https://h.example/x","events":["call.ended"],"secret":"has spaces in it!!"})",
           "'secret'"},
          {R"({"url":"https://h.example/x","events":["call.ended"],"active":"yes"})", "'active'"},
          {R"({"url":"https://h.example/x","events":["call.ended"],"colour":"red"})", "'colour'"},
          {R"([1,2])", "JSON object"},
          {R"({"url":)", "not valid JSON"},
      }) {
    auto r = parse_webhook(c.body, {}, true);
    ASSERT_FALSE(r) << c.body;
    EXPECT_EQ(r.error().status, 400) << c.body;
    EXPECT_NE(r.error().message.find(c.field), std::string::npos)
        << c.body << " -> " << r.error().message;
  }
}

TEST(WebhookBody, PatchChangesOnlyWhatItNames) {
  crm::Webhook w;
  w.url = "https://h.example/x";
  w.secret = "0123456789abcdef";
  w.events = {"call.ended"};
  auto p = parse_webhook(R"({"active":false,"events":["call.analyzed"]})", w, false);
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->active);
  EXPECT_EQ(p->url, w.url);
  EXPECT_EQ(p->secret, w.secret);
  EXPECT_EQ(p->events, std::vector<std::string>{"call.analyzed"});
}

TEST(WebhookBody, TheViewShowsTheSecretOnlyWhenAsked) {
  crm::Webhook w;
  w.secret = "whsec_0123456789abcdefWXYZ";
  auto view = boost::json::serialize(webhook_view(w));
  EXPECT_EQ(view.find("0123456789"), std::string::npos);
  EXPECT_NE(view.find(R"("secret_hint":"...WXYZ")"), std::string::npos);
  EXPECT_NE(boost::json::serialize(webhook_view(w, true)).find(w.secret), std::string::npos);
}

TEST(WebhookRetry, DefaultsRetryWithinAMinuteThenBackOffForADay) {
  const WebhookSettings s;
  EXPECT_LE(webhook_retry_delay(s, 1), std::chrono::seconds(60));
  EXPECT_EQ(webhook_retry_delay(s, 2), 2 * webhook_retry_delay(s, 1));
  EXPECT_EQ(webhook_retry_delay(s, 3), 4 * webhook_retry_delay(s, 1));
  EXPECT_EQ(webhook_retry_delay(s, 40), s.max_retry);
  EXPECT_EQ(s.give_up_after, std::chrono::hours(24));
  // Tries until the day is over: count them.
  std::chrono::milliseconds at{0};
  int tries = 1;
  while (at + webhook_retry_delay(s, tries) < s.give_up_after) {
    at += webhook_retry_delay(s, tries);
    ++tries;
  }
  EXPECT_GE(tries, 10);
  EXPECT_LE(tries, 40);
}

}  // namespace
}  // namespace va::api
