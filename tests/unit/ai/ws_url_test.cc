// AI WebSocket URLs: wss anywhere, ws only to loopback, key in the query URL-encoded.
#include "ai/gemini/ws_url.h"

#include <gtest/gtest.h>

#include "ai/errc.h"

namespace va::ai::gemini {
namespace {

TEST(WsUrl, ParsesTheRealEndpointWithDefaultPort) {
  auto u = parse_ws_url(
      "wss://generativelanguage.googleapis.com/ws/"
      "google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent");
  ASSERT_TRUE(u);
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->host, "generativelanguage.googleapis.com");
  EXPECT_EQ(u->port, "443");
  EXPECT_EQ(u->target.substr(0, 4), "/ws/");
}

TEST(WsUrl, AcceptsPlainWsOnlyForLoopbackHosts) {
  EXPECT_TRUE(parse_ws_url("ws://127.0.0.1:9099/ws/x"));
  EXPECT_TRUE(parse_ws_url("ws://localhost:9099/ws/x"));
  auto v6 = parse_ws_url("ws://[::1]:9099/ws/x");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(parse_ws_url("ws://10.0.0.5:9099/ws/x").error(), make_error_code(Errc::InsecureUrl));
  EXPECT_EQ(parse_ws_url("ws://example.com/ws/x").error(), make_error_code(Errc::InsecureUrl));
}

TEST(WsUrl, RejectsOtherSchemesAndGarbage) {
  EXPECT_EQ(parse_ws_url("https://example.com/").error(), make_error_code(Errc::BadUrl));
  EXPECT_EQ(parse_ws_url("not a url").error(), make_error_code(Errc::BadUrl));
  EXPECT_EQ(parse_ws_url("wss:///path").error(), make_error_code(Errc::BadUrl));
}

TEST(WsUrl, PutsTheKeyUrlEncodedIntoTheQuery) {
  WsUrl u{false, "127.0.0.1", "1", "/ws/x"};
  EXPECT_EQ(target_with_key(u, "a b&c"), "/ws/x?key=a%20b%26c");
  u.target = "/ws/x?alt=1";
  EXPECT_EQ(target_with_key(u, "k"), "/ws/x?alt=1&key=k");
}

TEST(RestUrl, AcceptsHttpsAnywhereAndPlainHttpOnlyToLoopback) {
  auto real = parse_rest_url(
      "https://generativelanguage.googleapis.com/v1beta/models/"
      "gemini-3.8-flash-tts:generateContent");
  ASSERT_TRUE(real);
  EXPECT_TRUE(real->tls);
  EXPECT_EQ(real->port, "443");
  EXPECT_EQ(real->target, "/v1beta/models/gemini-3.8-flash-tts:generateContent");
  auto local = parse_rest_url("http://127.0.0.1:9099/v1beta");
  ASSERT_TRUE(local);
  EXPECT_FALSE(local->tls);
  EXPECT_EQ(local->port, "9099");
  EXPECT_EQ(parse_rest_url("http://example.com/v1beta").error(),
            make_error_code(Errc::InsecureUrl));
  EXPECT_EQ(parse_rest_url("ws://127.0.0.1/v1beta").error(), make_error_code(Errc::BadUrl));
  EXPECT_EQ(parse_ws_url("https://127.0.0.1/x").error(), make_error_code(Errc::BadUrl));
}

}  // namespace
}  // namespace va::ai::gemini
