// Router matching (404/405, {id}, {name}, query decoding) and the JSON body validators.
#include <gtest/gtest.h>

#include "api/bodies.h"
#include "api/router.h"

namespace va::api {
namespace {

Router sample() {
  Router r;
  auto ok = [](RequestContext&) { return HttpResponse{}; };
  r.add({"GET", "/api/leads", "", true, ok});
  r.add({"POST", "/api/leads", "", true, ok});
  r.add({"GET", "/api/leads/{id}", "", true, ok});
  r.add({"DELETE", "/api/leads/{id}", "", true, ok});
  return r;
}

TEST(Router, MatchesIdSegmentsAndDecodesTheQuery) {
  auto out = sample().route("GET", "/api/leads/42?q=a%20b+c&status=new&x");
  ASSERT_TRUE(out.match);
  EXPECT_EQ(out.match->id, 42);
  EXPECT_EQ(out.match->query.at("q"), "a b c");
  EXPECT_EQ(out.match->query.at("status"), "new");
  EXPECT_EQ(out.match->query.at("x"), "");
}

TEST(Router, UnknownPathIs404AndKnownPathWithOtherMethodIs405) {
  const auto r = sample();
  EXPECT_EQ(r.route("GET", "/api/leadsx").status, 404);
  EXPECT_EQ(r.route("GET", "/api/leads/0").status, 404);
  EXPECT_EQ(r.route("GET", "/api/leads/99999999999999999999").status, 404);
  EXPECT_EQ(r.route("GET", "/api/leads/1/").status, 404);
  EXPECT_EQ(r.route("GET", "").status, 404);
  auto out = r.route("PUT", "/api/leads/7");
  EXPECT_EQ(out.status, 405);
  EXPECT_EQ(out.allow, "GET, DELETE");
}

TEST(Router, NamedSegmentsArePercentDecodedAndKeepAPlus) {
  Router r;
  r.add({"DELETE", "/api/inbound-routes/{number}", "", true,
         [](RequestContext&) { return HttpResponse{}; }});
  auto encoded = r.route("DELETE", "/api/inbound-routes/%2B49%2030%23?x=1");
  ASSERT_TRUE(encoded.match);
  EXPECT_EQ(encoded.match->param, "+49 30#");
  EXPECT_EQ(encoded.match->query.at("x"), "1");
  auto raw = r.route("DELETE", "/api/inbound-routes/+4930");
  ASSERT_TRUE(raw.match);
  EXPECT_EQ(raw.match->param, "+4930");  // '+' is a space only in a query
  EXPECT_EQ(r.route("DELETE", "/api/inbound-routes/").status, 404);
  EXPECT_EQ(r.route("DELETE", "/api/inbound-routes/1/2").status, 404);
  EXPECT_EQ(r.route("GET", "/api/inbound-routes/1").status, 405);
}

TEST(Bodies, InboundRouteNumberIsNormalizedAndJunkRefused) {
  auto r = parse_inbound_route(R"({"number":"+49 (30) 555-01","owner_id":3,"campaign_id":4})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->number, "+493055501");
  EXPECT_EQ(r->owner_id, 3);
  EXPECT_EQ(r->campaign_id, 4);
  auto bare = parse_inbound_route(R"({"number":"0301234"})").value();
  EXPECT_EQ(bare.owner_id, 0);  // the caller, decided by the handler
  EXPECT_EQ(bare.campaign_id, 0);
  EXPECT_EQ(parse_inbound_route(R"({"number":"call me"})").error().status, 422);
  EXPECT_EQ(parse_inbound_route(R"({"number":"call me"})").error().code, "invalid_field");
  EXPECT_EQ(parse_inbound_route(R"({"owner_id":3})").error().code, "missing_field");
  EXPECT_EQ(parse_inbound_route(R"({"number":4930})").error().status, 400);
  EXPECT_EQ(parse_inbound_route(R"({"number":"+4930","owner_id":"x"})").error().status, 400);
  EXPECT_EQ(parse_inbound_route(R"({"number":"+4930","owner_id":-1})").error().status, 422);
  EXPECT_EQ(parse_inbound_route("[]").error().code, "malformed_json");
}

TEST(Bodies, E164IsStrict) {
  EXPECT_TRUE(valid_e164("+4930123456"));
  EXPECT_TRUE(valid_e164("+123456789012345"));
  EXPECT_FALSE(valid_e164("+1234567890123456"));  // 16 digits
  EXPECT_FALSE(valid_e164("+0301"));
  EXPECT_FALSE(valid_e164("4930123"));
  EXPECT_FALSE(valid_e164("+49 30"));
}

TEST(Bodies, LeadPatchKeepsAbsentFieldsAndRejectsBadOnes) {
  crm::Lead base;
  base.name = "Ann";
  base.phone = "+4930";
  auto patched = parse_lead(R"({"notes":"n","status":"lost"})", base, false).value();
  EXPECT_EQ(patched.name, "Ann");
  EXPECT_EQ(patched.status, "lost");
  EXPECT_EQ(parse_lead(R"({"status":"gone"})", base, false).error().status, 422);
  EXPECT_EQ(parse_lead(R"({"name":""})", base, false).error().status, 422);
  EXPECT_EQ(parse_lead(R"({"notes":["x"]})", base, false).error().code, "invalid_field");
}

TEST(Bodies, NewUserAndCallBodies) {
  auto u =
      parse_new_user(R"({"username":"ag1","password":"password1","role":"agent","parent_id":3})")
          .value();
  EXPECT_EQ(u.parent_id, 3);
  EXPECT_EQ(u.role, crm::Role::Agent);
  EXPECT_EQ(
      parse_new_user(R"({"username":"ag1","password":"password1","role":"boss"})").error().status,
      422);
  EXPECT_EQ(parse_new_user(R"({"username":"ag1","role":"agent"})").error().code, "missing_field");
  auto call = parse_call(R"({"to":"+4930123","agent":{"voice":"Puck"}})").value();
  EXPECT_EQ(call.agent->voice, "Puck");
  EXPECT_EQ(parse_call(R"({"to":"hello"})").error().status, 422);
  EXPECT_EQ(parse_key(R"({"key":"short"})").error().status, 422);
  EXPECT_EQ(parse_key(R"({"key":"has space inside"})").error().status, 422);
}

TEST(Bodies, GreetingPreviewNeedsWordsAndKeepsVoiceAndLanguage) {
  auto a =
      parse_greeting_preview(R"({"greeting":"Hi!","voice":"Kore","language":"de-DE"})").value();
  EXPECT_EQ(a.greeting, "Hi!");
  EXPECT_EQ(a.voice, "Kore");
  EXPECT_EQ(a.language, "de-DE");
  EXPECT_EQ(parse_greeting_preview(R"({"greeting":"  \n "})").error().status, 422);
  EXPECT_EQ(parse_greeting_preview(R"({"voice":"Kore"})").error().code, "missing_field");
  EXPECT_EQ(parse_greeting_preview(R"({"greeting":7})").error().status, 400);
  EXPECT_EQ(parse_greeting_preview(R"([1])").error().status, 400);
  EXPECT_EQ(
      parse_greeting_preview(R"({"greeting":")" + std::string(2001, 'a') + R"("})").error().status,
      400);  // too long: as every over-long field
}

}  // namespace
}  // namespace va::api
