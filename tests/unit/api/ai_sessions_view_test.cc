// media.sessions of GET /api/calls/{id} (issue 16): one session per provider, split at each
// failover line of the transcript; other lines and damaged failover lines change nothing.
#include "api/ai_sessions_view.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace va::api {
namespace {

crm::Call ended_call() {
  crm::Call c;
  c.provider = "openai";
  c.key_fingerprint = "bbbbbbbbbbbb";
  c.ringing_at = 1000;
  c.answered_at = 2000;
  c.ended_at = 9000;
  c.end_reason = "local_hangup";
  return c;
}

TEST(AiSessionsView, OneSessionWithoutAFailover) {
  auto c = ended_call();
  std::vector<crm::TranscriptLine> lines = {{"agent", "Hello", 2100}, {"caller", "Hi", 2500}};
  const auto v = ai_sessions_view(c, &lines);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].as_object().at("provider").as_string(), "openai");
  EXPECT_EQ(v[0].as_object().at("key_fingerprint").as_string(), "bbbbbbbbbbbb");
  EXPECT_EQ(v[0].as_object().at("started_at").as_int64(), 1000);
  EXPECT_EQ(v[0].as_object().at("ended_at").as_int64(), 9000);
  EXPECT_EQ(v[0].as_object().at("end_reason").as_string(), "local_hangup");
}

TEST(AiSessionsView, AFailoverSplitsTheCallIntoTwoSessions) {
  auto c = ended_call();
  std::vector<crm::TranscriptLine> lines = {
      {"agent", "Hello", 2100},
      {"system", "failover: gemini -> openai: closed (key aaaaaaaaaaaa -> bbbbbbbbbbbb)", 5000},
      {"agent", "Where were we?", 6000}};
  const auto v = ai_sessions_view(c, &lines);
  ASSERT_EQ(v.size(), 2u) << boost::json::serialize(v);
  EXPECT_EQ(v[0].as_object().at("provider").as_string(), "gemini");
  EXPECT_EQ(v[0].as_object().at("key_fingerprint").as_string(), "aaaaaaaaaaaa");
  EXPECT_EQ(v[0].as_object().at("started_at").as_int64(), 1000);
  EXPECT_EQ(v[0].as_object().at("ended_at").as_int64(), 5000);
  EXPECT_EQ(v[0].as_object().at("end_reason").as_string(), "closed");
  EXPECT_EQ(v[1].as_object().at("provider").as_string(), "openai");
  EXPECT_EQ(v[1].as_object().at("key_fingerprint").as_string(), "bbbbbbbbbbbb");
  EXPECT_EQ(v[1].as_object().at("started_at").as_int64(), 5000);
  EXPECT_EQ(v[1].as_object().at("ended_at").as_int64(), 9000);
  EXPECT_EQ(v[1].as_object().at("end_reason").as_string(), "local_hangup");
}

TEST(AiSessionsView, ALiveCallsLastSessionHasNoEnd) {
  auto c = ended_call();
  c.ended_at = 0;
  c.end_reason.clear();
  std::vector<crm::TranscriptLine> lines = {
      {"system", "failover: gemini -> openai: bad_key (key aaaaaaaaaaaa -> bbbbbbbbbbbb)", 1200}};
  const auto v = ai_sessions_view(c, &lines);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_TRUE(v[1].as_object().at("ended_at").is_null());
  EXPECT_TRUE(v[1].as_object().at("end_reason").is_null());
}

TEST(AiSessionsView, DamagedOrForeignLinesAreNotFailovers) {
  for (const char* text :
       {"failover: gemini -> openai: closed", "failover: gemini openai: closed (key a -> b)",
        "failover:  -> openai: closed (key a -> b)", "failover: gemini -> openai: (key a -> b)",
        "failover: gemini -> openai: closed (key a -> b) and more",
        "Watchdog: the AI is speaking again."}) {
    EXPECT_FALSE(parse_failover_note({"system", text, 1})) << text;
  }
  // A caller who says the words is not the system.
  EXPECT_FALSE(parse_failover_note(
      {"caller", "failover: gemini -> openai: closed (key aaaaaaaaaaaa -> bbbbbbbbbbbb)", 1}));
  auto c = ended_call();
  EXPECT_EQ(ai_sessions_view(c, nullptr).size(), 1u);
  c.ringing_at = c.answered_at = 0;
  EXPECT_TRUE(ai_sessions_view(c, nullptr).empty());  // never rang: no session opened
}

}  // namespace
}  // namespace va::api
