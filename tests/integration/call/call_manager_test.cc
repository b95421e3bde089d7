// CallManager end to end in one process: our SIP stack and CallManager against a simulated
// two-line gateway (real SIP and RTP on loopback) and the Gemini Live simulator (real
// WebSocket), with a real SQLite store. What each test checks is what a call centre sees: the
// call record, the events, and what the phone heard.
#include "call/call_manager.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <future>
#include <mutex>
#include <thread>

#include "call/errc.h"
#include "call_stack_fixture.h"
#include "core/key_fingerprint.h"
#include "media/tone_detector.h"

namespace va::call {
namespace {

using namespace std::chrono_literals;

class EventLog final : public CallEventSink {
 public:
  void publish(const CallEvent& e) override {
    std::lock_guard lock(mu_);
    events_.push_back(e);
  }
  std::vector<CallEvent> of(crm::Id call_id) const {
    std::lock_guard lock(mu_);
    std::vector<CallEvent> out;
    for (const auto& e : events_)
      if (e.call_id == call_id) out.push_back(e);
    return out;
  }
  bool has(crm::Id call_id, CallEventType type) const {
    for (const auto& e : of(call_id))
      if (e.type == type) return true;
    return false;
  }

 private:
  mutable std::mutex mu_;
  std::vector<CallEvent> events_;
};

sim::SimConfig tone_sim(std::set<std::string> keys, std::set<std::string> quota_keys) {
  sim::SimConfig config;
  config.mode = sim::ReplyMode::Tone;
  config.keys = std::move(keys);
  config.quota_keys = std::move(quota_keys);
  config.setup_delay = 50ms;
  return config;
}

// The share of `own` and `other` in what a phone heard, and of the loudest frequency nobody
// uses: the greeting's speech puts a little energy everywhere, crosstalk would put the other
// AI's tone near our own level.
struct Heard {
  double own = -120, other = -120, control = -120;
};

Heard analyse(const std::vector<std::int16_t>& pcm, double own, double other) {
  std::vector<double> f = {own, other, 570, 1130, 1370, 1770};
  media::ToneDetector tones(8000, f);
  tones.feed(pcm);
  auto db = [&](std::size_t i) {
    const double v = tones.relative_db(i);
    return std::isfinite(v) ? v : -120.0;
  };
  Heard h{db(0), db(1), -120};
  for (std::size_t i = 2; i < f.size(); ++i)
    h.control = std::max(h.control, db(i));
  return h;
}

void expect_only_own_ai(const Heard& h, const std::string& who) {
  EXPECT_GT(h.own, -20.0) << who << " did not hear its own AI";
  EXPECT_LT(h.other, h.control + 10.0) << who << " heard the other call's AI";
  EXPECT_LT(h.other, h.own - 20.0) << who << " heard the other call's AI";
}

class CallManagerTest : public CallStackTest {
 protected:
  // Accepted, then closed with 1011 quota a second after setupComplete (D1.19).
  static constexpr const char* kQuotaKey = "demo-key-carol-quota";

  void SetUp() override {
    start({.name = "va_call_manager",
           .lines = {{"1001", 440},
                     {"1002", 700},
                     {"1003", 1000, true},
                     {"1486", 0, false, 486},
                     {"1404", 0, false, 404}},
           .sim = tone_sim({kKeyA, kKeyB, kQuotaKey}, {kQuotaKey}),
           .port_min = 43000,
           .rtp_inactivity_timeout_s = 2,
           .master_key_byte = 3,
           .events = &events_});
  }

  EventLog events_;
};

TEST_F(CallManagerTest, AnAnsweredCallCarriesAudioBothWaysAndEndsWithACompleteRecord) {
  const auto id = manager_->place_call({alice_, "1001", 0, 0, std::nullopt}).value();
  auto active = wait_status(id, "active");
  EXPECT_GE(active.local_rtp_port, 43000);
  EXPECT_LE(active.local_rtp_port, 43999);
  // The 3.7 s greeting plays first; the AI's replies (its key's tone) follow it.
  std::this_thread::sleep_for(6s);
  auto live = manager_->live_calls().find(id);
  ASSERT_TRUE(live);
  EXPECT_GT(live->media.packets_in, 50u);
  EXPECT_FALSE(manager_->hangup(id));
  auto ended = wait_status(id, "ended");
  EXPECT_EQ(ended.end_reason, "local_hangup");
  EXPECT_EQ(ended.outcome, "answered");
  EXPECT_GT(ended.packets_in, 100);
  EXPECT_GT(ended.packets_out, 50);
  EXPECT_EQ(ended.packets_dropped_foreign, 0);
  EXPECT_GE(ended.greeting_latency_ms, 0);
  EXPECT_LE(ended.greeting_latency_ms, 20);
  EXPECT_EQ(ended.key_fingerprint, core::key_fingerprint(kKeyA));
  EXPECT_NE(ended.ssrc_out, 0);
  EXPECT_FALSE(manager_->live_calls().find(id));
  for (auto type : {CallEventType::Created, CallEventType::Ringing, CallEventType::Answered,
                    CallEventType::GreetingStarted, CallEventType::Ended}) {
    EXPECT_TRUE(events_.has(id, type)) << to_string(type);
  }
  for (const auto& e : events_.of(id))
    EXPECT_EQ(e.owner_id, alice_.id);
  // The transcript: the greeting (played from our rendering), then the AI's replies, whose
  // transcriptions never say `finished` (optional on the wire): they close at turn end.
  const auto lines = store_->transcript(id).value();
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[0].who, "agent");
  EXPECT_EQ(lines[0].text, settings_.default_greeting);
  const auto reply = fmt::format("[tone {} Hz]", sim::tone_frequency_for_key(kKeyA));
  EXPECT_TRUE(std::any_of(
      lines.begin() + 1, lines.end(),
      [&](const crm::TranscriptLine& l) { return l.who == "agent" && l.text == reply; }))
      << "no transcript line " << reply;
  // The phone heard its own AI: the simulator's tone for alice's key.
  expect_only_own_ai(analyse(gateway_->reports()[0].heard, sim::tone_frequency_for_key(kKeyA),
                             sim::tone_frequency_for_key(kKeyB)),
                     "alice's phone");
}

TEST_F(CallManagerTest, TwoOwnersCallingAtOnceKeepTheirOwnPortsKeysAndAudio) {
  auto a = std::async(std::launch::async, [&] {
    return manager_->place_call({alice_, "1001", 0, 0, std::nullopt});
  });
  auto b = std::async(std::launch::async, [&] {
    return manager_->place_call({bob_, "1002", 0, 0, std::nullopt});
  });
  const auto ida = a.get().value();
  const auto idb = b.get().value();
  auto ra = wait_status(ida, "active");
  auto rb = wait_status(idb, "active");
  EXPECT_NE(ra.local_rtp_port, rb.local_rtp_port);
  std::this_thread::sleep_for(6s);
  manager_->hangup(ida);
  manager_->hangup(idb);
  ra = wait_status(ida, "ended");
  rb = wait_status(idb, "ended");
  EXPECT_EQ(ra.key_fingerprint, core::key_fingerprint(kKeyA));
  EXPECT_EQ(rb.key_fingerprint, core::key_fingerprint(kKeyB));
  EXPECT_NE(ra.ssrc_out, rb.ssrc_out);
  EXPECT_EQ(ra.packets_dropped_foreign + rb.packets_dropped_foreign, 0);
  const auto lines = gateway_->reports();
  const double fa = sim::tone_frequency_for_key(kKeyA);
  const double fb = sim::tone_frequency_for_key(kKeyB);
  expect_only_own_ai(analyse(lines[0].heard, fa, fb), "alice's phone");
  expect_only_own_ai(analyse(lines[1].heard, fb, fa), "bob's phone");
}

TEST_F(CallManagerTest, AnOwnerAtTheLimitIsRefusedAndNoRecordIsLeftDialing) {
  const auto first = manager_->place_call({alice_, "1001", 0, 0, std::nullopt}).value();
  auto second = manager_->place_call({alice_, "1002", 0, 0, std::nullopt});
  ASSERT_FALSE(second);
  // alice is an admin: her max_concurrent_calls (1) counts her whole tenant.
  EXPECT_EQ(second.error(), Errc::TenantLimit);
  wait_status(first, "active");
  manager_->hangup(first);
  wait_status(first, "ended");
  // The slot is free again once the call ended.
  const auto third = manager_->place_call({alice_, "1002", 0, 0, std::nullopt}).value();
  wait_status(third, "active");
  manager_->hangup(third);
  wait_status(third, "ended");
  EXPECT_EQ(store_->list_calls(std::nullopt, {}).value().total, 2);
}

TEST_F(CallManagerTest, BusyAndUnknownNumbersEndWithTheirOutcome) {
  const auto busy = manager_->place_call({alice_, "1486", 0, 0, std::nullopt}).value();
  const auto unknown = manager_->place_call({bob_, "1404", 0, 0, std::nullopt}).value();
  auto rb = wait_status(busy, "ended");
  auto ru = wait_status(unknown, "ended");
  EXPECT_EQ(rb.end_reason, "busy");
  EXPECT_EQ(rb.outcome, "busy");
  EXPECT_EQ(ru.end_reason, "rejected");
  EXPECT_EQ(ru.outcome, "rejected");
  EXPECT_EQ(manager_->live_calls().size(), 0u);
  EXPECT_EQ(ports_->leased(), 0u);
}

TEST_F(CallManagerTest, TheFarEndHangingUpEndsTheCall) {
  const auto id = manager_->place_call({alice_, "1001", 0, 0, std::nullopt}).value();
  wait_status(id, "active");
  std::this_thread::sleep_for(500ms);
  ASSERT_TRUE(gateway_->hangup("1001"));
  auto ended = wait_status(id, "ended");
  EXPECT_EQ(ended.end_reason, "remote_hangup");
  EXPECT_EQ(ports_->leased(), 0u);
}

TEST_F(CallManagerTest, AGatewayThatSendsNoMediaIsHungUpAfterTheInactivityTimeout) {
  const auto id = manager_->place_call({alice_, "1003", 0, 0, std::nullopt}).value();
  wait_status(id, "active");
  auto ended = wait_status(id, "ended", 10s);
  EXPECT_EQ(ended.end_reason, "rtp_timeout");
  EXPECT_EQ(ended.outcome, "answered");
  EXPECT_EQ(ports_->leased(), 0u);
}

TEST_F(CallManagerTest, AnAiSessionThatFailsMidCallEndsItCleanlyWithTheRecordKept) {
  auto carol = make_user("carol", kQuotaKey);
  const auto id = manager_->place_call({carol, "1001", 0, 0, std::nullopt}).value();
  wait_status(id, "active");
  // The AI fails about a second in; the caller hears the rest of what was queued and an
  // apology, then we hang up (bounded by the playout wait).
  auto ended = wait_status(id, "ended", 20s);
  EXPECT_EQ(ended.end_reason, "ai_failed");
  EXPECT_EQ(ended.outcome, "answered");
  EXPECT_GT(ended.packets_out, 0);
  EXPECT_TRUE(events_.has(id, CallEventType::Ended));
  EXPECT_EQ(ports_->leased(), 0u);
  EXPECT_EQ(manager_->live_calls().size(), 0u);
  // The phone got a BYE: its line is free for the next call.
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!gateway_->reports()[0].ended && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(20ms);
  EXPECT_TRUE(gateway_->reports()[0].ended);
}

TEST_F(CallManagerTest, HangingUpACallThatIsNotLiveSaysSo) {
  EXPECT_EQ(manager_->hangup(424242), Errc::NotLive);
}

}  // namespace
}  // namespace va::call
