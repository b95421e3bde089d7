// EventHub: who sees which call, the JSON shape, fan-out on the executor from other threads.
#include "api/event_hub.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <thread>
#include <vector>

namespace va::api {
namespace {

call::CallEvent event(call::CallEventType type, crm::Id call_id, crm::Id owner, crm::Id parent) {
  call::CallEvent e;
  e.type = type;
  e.call_id = call_id;
  e.owner_id = owner;
  e.owner_parent_id = parent;
  e.status = crm::CallStatus::Active;
  return e;
}

// A viewer without a session (the scope rule needs only id and role).
EventViewer who(crm::Id id, crm::Role role) {
  return EventViewer{id, role, "", ""};
}

TEST(MaySee, FollowsTheOwnerScopeOfTheCallsList) {
  const auto e = event(call::CallEventType::Answered, 1, /*owner=*/10, /*parent=*/5);
  EXPECT_TRUE(may_see(who(10, crm::Role::Agent), e));
  EXPECT_FALSE(may_see(who(11, crm::Role::Agent), e));
  EXPECT_TRUE(may_see(who(5, crm::Role::Admin), e));
  EXPECT_FALSE(may_see(who(6, crm::Role::Admin), e));
  EXPECT_TRUE(may_see(who(1, crm::Role::Superadmin), e));
  // An admin's own call (parent 0) is seen by that admin and not by an agent id 0.
  const auto own = event(call::CallEventType::Created, 2, 5, 0);
  EXPECT_TRUE(may_see(who(5, crm::Role::Admin), own));
  EXPECT_FALSE(may_see(who(6, crm::Role::Admin), own));
  EXPECT_FALSE(may_see(who(0, crm::Role::Agent), own));
}

TEST(EventMessage, CarriesTypeIdsMediaAndTranscriptLine) {
  auto e = event(call::CallEventType::Transcript, 42, 10, 5);
  e.who = "caller";
  e.text = "hello \"there\"";
  e.at = std::chrono::system_clock::time_point(std::chrono::milliseconds(1700000000123));
  call::MediaFacts m;
  m.local_rtp_port = 10002;
  m.remote_rtp = "127.0.0.1:4000";
  m.ssrc_in = 0xdeadbeef;
  m.key_fingerprint = "0123456789ab";
  e.media = m;
  const auto v = boost::json::parse(event_message(e));
  EXPECT_EQ(v.at("type").as_string(), "call.transcript");
  const auto& c = v.at("call");
  EXPECT_EQ(c.at("id").as_int64(), 42);
  EXPECT_EQ(c.at("owner_id").as_int64(), 10);
  EXPECT_EQ(c.at("at").as_int64(), 1700000000123);
  EXPECT_EQ(c.at("line").at("who").as_string(), "caller");
  EXPECT_EQ(c.at("line").at("text").as_string(), "hello \"there\"");
  EXPECT_EQ(c.at("media").at("local_rtp_port").as_int64(), 10002);
  EXPECT_EQ(c.at("media").at("ssrc_in").to_number<std::int64_t>(), 0xdeadbeef);
  EXPECT_EQ(c.at("media").at("key_fingerprint").as_string(), "0123456789ab");
  EXPECT_FALSE(c.as_object().contains("end_reason"));
}

TEST(EventName, NamesEveryEventType) {
  using T = call::CallEventType;
  EXPECT_EQ(call::to_string(T::Created), "created");
  EXPECT_EQ(call::to_string(T::Ringing), "ringing");
  EXPECT_EQ(call::to_string(T::Answered), "answered");
  EXPECT_EQ(call::to_string(T::GreetingStarted), "greeting_started");
  EXPECT_EQ(call::to_string(T::Transcript), "transcript");
  EXPECT_EQ(call::to_string(T::Interrupted), "interrupted");
  EXPECT_EQ(call::to_string(T::Media), "media");
  EXPECT_EQ(call::to_string(T::Ended), "ended");
}

TEST(EventHub, FansOutOnTheExecutorOnlyToViewersWhoMaySee) {
  boost::asio::io_context io;
  EventHub hub(io.get_executor());
  std::vector<std::string> agent_a, agent_b, admin, super;
  hub.subscribe(who(10, crm::Role::Agent),
                [&](const EventHub::Message& m) { agent_a.push_back(*m); });
  hub.subscribe(who(11, crm::Role::Agent),
                [&](const EventHub::Message& m) { agent_b.push_back(*m); });
  hub.subscribe(who(5, crm::Role::Admin), [&](const EventHub::Message& m) { admin.push_back(*m); });
  hub.subscribe(who(1, crm::Role::Superadmin),
                [&](const EventHub::Message& m) { super.push_back(*m); });
  EXPECT_EQ(hub.subscriber_count(), 4u);

  // Published from other threads: nothing is delivered until the executor runs.
  std::thread t1([&] { hub.publish(event(call::CallEventType::Created, 1, 10, 5)); });
  std::thread t2([&] { hub.publish(event(call::CallEventType::Created, 2, 11, 6)); });
  t1.join();
  t2.join();
  EXPECT_TRUE(agent_a.empty());
  EXPECT_EQ(hub.published(), 2u);
  io.run();

  ASSERT_EQ(agent_a.size(), 1u);
  EXPECT_NE(agent_a[0].find("\"id\":1"), std::string::npos);
  ASSERT_EQ(agent_b.size(), 1u);
  EXPECT_NE(agent_b[0].find("\"id\":2"), std::string::npos);
  ASSERT_EQ(admin.size(), 1u);
  EXPECT_NE(admin[0].find("\"id\":1"), std::string::npos);
  EXPECT_EQ(super.size(), 2u);
}

// The dialer's campaign events (issue 13) go to the campaign owner's viewers only.
TEST(EventHub, CampaignEventsFollowTheOwnerScope) {
  boost::asio::io_context io;
  EventHub hub(io.get_executor());
  std::vector<std::string> owner, other, admin;
  hub.subscribe({10, crm::Role::Agent}, [&](const EventHub::Message& m) { owner.push_back(*m); });
  hub.subscribe({11, crm::Role::Agent}, [&](const EventHub::Message& m) { other.push_back(*m); });
  hub.subscribe({5, crm::Role::Admin}, [&](const EventHub::Message& m) { admin.push_back(*m); });
  dialer::CampaignEvent e;
  e.kind = "progress";
  e.campaign_id = 7;
  e.owner_id = 10;
  e.owner_parent_id = 5;
  e.status = "active";
  e.lead_id = 42;
  e.lead_state = "retry_wait";
  e.outcome = "busy";
  e.call_id = 99;
  hub.publish_campaign(e);
  io.run();
  ASSERT_EQ(owner.size(), 1u);
  EXPECT_TRUE(other.empty());
  ASSERT_EQ(admin.size(), 1u);
  const auto msg = boost::json::parse(owner[0]);
  EXPECT_EQ(msg.at("type"), "campaign.progress");
  EXPECT_EQ(msg.at("campaign").at("id").as_int64(), 7);
  EXPECT_EQ(msg.at("campaign").at("lead").at("state"), "retry_wait");
  EXPECT_EQ(msg.at("campaign").at("lead").at("last_outcome"), "busy");
  EXPECT_EQ(msg.at("campaign").at("lead").at("call_id").as_int64(), 99);
}

TEST(EventHub, StopsDeliveringAfterUnsubscribeEvenFromInsideADelivery) {
  boost::asio::io_context io;
  EventHub hub(io.get_executor());
  int first = 0, second = 0;
  std::uint64_t id2 = 0;
  hub.subscribe(who(1, crm::Role::Superadmin), [&](const EventHub::Message&) {
    ++first;
    hub.unsubscribe(id2);  // e.g. a full queue closing its peer
  });
  id2 = hub.subscribe(who(1, crm::Role::Superadmin), [&](const EventHub::Message&) { ++second; });
  hub.publish(event(call::CallEventType::Ended, 3, 10, 5));
  hub.publish(event(call::CallEventType::Ended, 4, 10, 5));
  io.run();
  EXPECT_EQ(first, 2);
  EXPECT_EQ(second, 0);
  EXPECT_EQ(hub.subscriber_count(), 1u);
}

TEST(EventHub, WorkPostedBeforeTheHubIsDestroyedStaysSafeToRun) {
  boost::asio::io_context io;
  auto n = std::make_shared<int>(0);
  {
    EventHub hub(io.get_executor());
    hub.subscribe(who(1, crm::Role::Superadmin), [n](const EventHub::Message&) { ++*n; });
    hub.publish(event(call::CallEventType::Created, 1, 10, 5));
    io.run();
    EXPECT_EQ(*n, 1);
    io.restart();
    hub.publish(event(call::CallEventType::Created, 2, 10, 5));
  }
  // The posted work shares the hub's state, so it runs without touching freed memory.
  EXPECT_EQ(io.run(), 1u);
  EXPECT_EQ(*n, 2);
}

TEST(EventHub, ASessionEndClosesTheSubscribersOpenedUnderItAndDeliversNothingAfter) {
  boost::asio::io_context io;
  EventHub hub(io.get_executor());
  std::vector<std::string> tab1, tab2, other;
  int ended1 = 0, ended2 = 0, ended_other = 0;
  hub.subscribe(
      EventViewer{10, crm::Role::Agent, "t1", "h1"},
      [&](const EventHub::Message& m) { tab1.push_back(*m); }, [&] { ++ended1; });
  hub.subscribe(
      EventViewer{10, crm::Role::Agent, "t2", "h2"},
      [&](const EventHub::Message& m) { tab2.push_back(*m); }, [&] { ++ended2; });
  hub.subscribe(
      EventViewer{1, crm::Role::Superadmin, "t3", "h3"},
      [&](const EventHub::Message& m) { other.push_back(*m); }, [&] { ++ended_other; });
  // Logout of session h1, then an event: posted in that order, so h1 never gets it.
  hub.end_sessions({0, "h1"});
  hub.publish(event(call::CallEventType::Created, 1, 10, 5));
  io.run();
  EXPECT_EQ(ended1, 1);
  EXPECT_TRUE(tab1.empty());
  EXPECT_EQ(tab2.size(), 1u);
  // Every session of user 10 (password change, deactivation).
  io.restart();
  hub.end_sessions({10, ""});
  hub.publish(event(call::CallEventType::Ended, 1, 10, 5));
  io.run();
  EXPECT_EQ(ended2, 1);
  EXPECT_EQ(tab2.size(), 1u);
  EXPECT_EQ(ended_other, 0);
  EXPECT_EQ(other.size(), 2u);
  EXPECT_EQ(hub.subscriber_count(), 1u);
}

TEST(EndedBy, MatchesTheSessionOrEverySessionOfTheUser) {
  const EventViewer v{10, crm::Role::Agent, "t", "h"};
  EXPECT_TRUE(ended_by(v, {0, "h"}));
  EXPECT_FALSE(ended_by(v, {0, "other"}));
  EXPECT_TRUE(ended_by(v, {10, ""}));
  EXPECT_FALSE(ended_by(v, {11, ""}));
  EXPECT_FALSE(ended_by(v, {11, "h"}));
}

}  // namespace
}  // namespace va::api
