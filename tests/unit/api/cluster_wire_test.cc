// ClusterWire: what one node NOTIFYs, another parses back the same; anything else is refused
// with a clear message; the 8000-byte NOTIFY limit holds for every message.
#include "api/cluster_wire.h"

#include <gtest/gtest.h>

#include <string>

namespace va::api {
namespace {

ClusterMessage answered_event() {
  ClusterMessage m;
  m.origin = "node3";
  m.kind = ClusterMessageKind::CallEvent;
  auto& e = m.call;
  e.type = call::CallEventType::Answered;
  e.call_id = 42;
  e.owner_id = 7;
  e.owner_parent_id = 2;
  e.at = std::chrono::system_clock::time_point(std::chrono::milliseconds(1765000000123));
  e.status = crm::CallStatus::Active;
  e.direction = "outbound";
  e.peer = "+15551234";
  e.media = call::MediaFacts{15100, "127.0.0.1:30000", 0xDEADBEEF, 7, "fp", 10, 11, 1};
  e.greeting_latency_ms = 12;
  return m;
}

TEST(ClusterWire, CallEventRoundTrips) {
  const auto m = answered_event();
  auto back = parse_cluster_message(encode_cluster_message(m));
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(back->origin, "node3");
  EXPECT_EQ(back->kind, ClusterMessageKind::CallEvent);
  EXPECT_EQ(back->call.type, call::CallEventType::Answered);
  EXPECT_EQ(back->call.call_id, 42);
  EXPECT_EQ(back->call.owner_parent_id, 2);
  EXPECT_EQ(back->call.at, m.call.at);
  EXPECT_EQ(back->call.status, crm::CallStatus::Active);
  ASSERT_TRUE(back->call.media.has_value());
  EXPECT_EQ(back->call.media->ssrc_in, 0xDEADBEEFu);
  EXPECT_EQ(back->call.media->remote_rtp, "127.0.0.1:30000");
  EXPECT_EQ(back->call.greeting_latency_ms, 12);
}

TEST(ClusterWire, CampaignEventCommandAndReplyRoundTrip) {
  ClusterMessage c{"node1", ClusterMessageKind::CampaignEvent, {}, {}, {}, {}};
  c.campaign = {"progress", 5, 7, 2, "active", "", 9, "calling", "", 42};
  auto back = parse_cluster_message(encode_cluster_message(c));
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(back->campaign.lead_state, "calling");
  EXPECT_EQ(back->campaign.call_id, 42);

  ClusterMessage p{"node1", ClusterMessageKind::Command, {}, {}, {}, {}};
  p.command.op = "place";
  p.command.request = 3;
  p.command.owner_id = 7;
  p.command.to = "+15550001";
  p.command.agent = crm::AgentConfig{"be brief", "Puck", "en", "Hello", "gemini"};
  back = parse_cluster_message(encode_cluster_message(p));
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(back->command.op, "place");
  ASSERT_TRUE(back->command.agent.has_value());
  EXPECT_EQ(back->command.agent->greeting, "Hello");

  ClusterMessage r{"node3", ClusterMessageKind::Reply, {}, {}, {}, {}};
  r.reply = {3, 429, "limit_reached", "too many calls", 0};
  back = parse_cluster_message(encode_cluster_message(r));
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(back->reply.status, 429);
  EXPECT_EQ(back->reply.code, "limit_reached");
}

TEST(ClusterWire, LongTranscriptLineIsCutToFitAtACharacterBoundary) {
  auto m = answered_event();
  m.call.type = call::CallEventType::Transcript;
  m.call.who = "caller";
  m.call.text.clear();
  for (int i = 0; i < 5000; ++i)
    m.call.text += "\xC3\xA9";  // é: two bytes each, 10000 in all
  const auto text = encode_cluster_message(m);
  ASSERT_FALSE(text.empty());
  EXPECT_LE(text.size(), kMaxClusterPayload);
  auto back = parse_cluster_message(text);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_GT(back->call.text.size(), 5000u);
  EXPECT_EQ(back->call.text.size() % 2, 0u);  // no é split in half
}

TEST(ClusterWire, CommandTooLongIsNotEncoded) {
  ClusterMessage p{"node1", ClusterMessageKind::Command, {}, {}, {}, {}};
  p.command.op = "place";
  p.command.owner_id = 7;
  p.command.to = "+15550001";
  p.command.agent = crm::AgentConfig{std::string(9000, 'x'), "", "", "", ""};
  EXPECT_TRUE(encode_cluster_message(p).empty());
}

TEST(ClusterWire, MalformedInputIsRefusedWithAClearMessage) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "not a JSON object"},
      {"[1]", "not a JSON object"},
      {R"({"o":"n","k":"call"})", "b is missing"},
      {R"({"o":"","k":"call","b":{}})", "o must name the node"},
      {R"({"o":5,"k":"call","b":{}})", "o must be a string"},
      {R"({"o":"n","k":"gossip","b":{}})", "unknown kind"},
      {R"({"o":"n","k":"call","b":{"t":"exploded","id":1,"ow":1,"st":"active"}})",
       "unknown call event type"},
      {R"({"o":"n","k":"call","b":{"t":"answered","id":1,"ow":1,"st":"dancing"}})",
       "unknown call status"},
      {R"({"o":"n","k":"call","b":{"t":"answered","id":"1","ow":1,"st":"active"}})",
       "id must be an integer"},
      {R"({"o":"n","k":"call","b":{"t":"answered","id":0,"ow":1,"st":"active"}})",
       "needs id and ow"},
      {R"({"o":"n","k":"call","b":{"t":"media","id":1,"ow":1,"st":"active","m":[]}})",
       "m must be an object"},
      {R"({"o":"n","k":"call","b":{"t":"media","id":1,"ow":1,"st":"active","m":{"si":-1}}})",
       "m.si must be not negative"},
      {R"({"o":"n","k":"campaign","b":{"k":"boom","id":1,"ow":1}})", "unknown campaign event"},
      {R"({"o":"n","k":"command","b":{"op":"reboot"}})", "unknown command"},
      {R"({"o":"n","k":"command","b":{"op":"hangup"}})", "hangup needs cl"},
      {R"({"o":"n","k":"command","b":{"op":"place","ow":1}})", "place needs ow and to"},
      {R"({"o":"n","k":"command","b":{"op":"place","ow":1,"to":"+1","ag":{"g":1}}})",
       "ag.g must be a string"},
      {R"({"o":"n","k":"reply","b":{"rq":1,"s":42}})", "s must be an HTTP status"},
  };
  for (const auto& [payload, want] : cases) {
    auto r = parse_cluster_message(payload);
    ASSERT_FALSE(r.has_value()) << payload;
    EXPECT_EQ(r.error().status, 400);
    EXPECT_EQ(r.error().code, "bad_cluster_message");
    EXPECT_NE(r.error().message.find(want), std::string::npos)
        << payload << " -> " << r.error().message;
  }
  EXPECT_FALSE(parse_cluster_message(std::string(kMaxClusterPayload + 1, ' ')).has_value());
}

}  // namespace
}  // namespace va::api
