// When an outbound call opens its AI session (call.h rule 1): at the first 180/183 or at the
// 200 OK, never with the INVITE. Each open session holds one of the key's concurrent sessions,
// and most campaign calls are never answered. The simulator's session log (one session_start
// per AI session that set up, with its key's fingerprint) is what the test reads.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "call_stack_fixture.h"
#include "core/key_fingerprint.h"

namespace va::call {
namespace {

using namespace std::chrono_literals;

class OutboundAiSessionTest : public CallStackTest {
 protected:
  void SetUp() override {
    log_path_ = std::filesystem::temp_directory_path() /
                ("va_outbound_ai_" + std::to_string(::getpid()) + "_" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".jsonl");
    std::filesystem::remove(log_path_);
    sim::SimConfig sim;
    sim.mode = sim::ReplyMode::Tone;
    sim.keys = {kKeyA, kKeyB};
    sim.log_path = log_path_.string();
    start({.name = "va_outbound_ai",
           // Busy and unknown answer after half a second, as a real gateway does; by then an
           // AI session opened with the INVITE would have set up (the simulator's 200 ms).
           .lines = {{"1001", 440, false, 0, 1500},  // rings 1.5 s, then answers
                     {"1486", 0, false, 486, 500},
                     {"1404", 0, false, 404, 500},
                     {"1999", 440, false, 0, -1, false}},  // no provisional, no answer
           .sim = std::move(sim),
           .port_min = 46000,
           .dial_timeout_s = 2});
  }
  void TearDown() override {
    CallStackTest::TearDown();
    std::filesystem::remove(log_path_);
  }

  // AI sessions that set up with `key`, from the simulator's log.
  int sessions_of(const std::string& key) const {
    std::ifstream in(log_path_);
    const auto fp = "\"key_fp\":\"" + core::key_fingerprint(key) + "\"";
    int n = 0;
    for (std::string line; std::getline(in, line);)
      if (line.find("\"session_start\"") != std::string::npos && line.find(fp) != std::string::npos)
        ++n;
    return n;
  }

  std::filesystem::path log_path_;
};

TEST_F(OutboundAiSessionTest, BusyUnknownAndUnansweredCallsNeverOpenAnAiSession) {
  const auto busy = manager_->place_call({alice_, "1486", 0, 0, std::nullopt}).value();
  const auto unknown = manager_->place_call({bob_, "1404", 0, 0, std::nullopt}).value();
  EXPECT_EQ(wait_status(busy, "ended").end_reason, "busy");
  EXPECT_EQ(wait_status(unknown, "ended").end_reason, "rejected");
  // The owner's limit is one call: the unanswered one goes after the busy one.
  const auto unanswered = manager_->place_call({alice_, "1999", 0, 0, std::nullopt}).value();
  EXPECT_EQ(wait_status(unanswered, "ended").end_reason, "no_answer");
  // Anything opened would have logged its setup long ago (2 s of dial timeout, 200 ms setup).
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(sessions_of(kKeyA), 0);
  EXPECT_EQ(sessions_of(kKeyB), 0);
  EXPECT_EQ(ports_->leased(), 0u);
}

TEST_F(OutboundAiSessionTest, ARingingCallOpensItsAiSessionWhileRingingAndKeepsItWhenAnswered) {
  const auto id = manager_->place_call({alice_, "1001", 0, 0, std::nullopt}).value();
  wait_status(id, "ringing");
  // Bounded: the session sets up within the 1.5 s of ringing.
  const auto deadline = std::chrono::steady_clock::now() + 1200ms;
  while (sessions_of(kKeyA) == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(20ms);
  EXPECT_EQ(sessions_of(kKeyA), 1);
  EXPECT_EQ(crm::to_string(store_->get_call(id).value().status), "ringing")
      << "the AI session must be open before the answer";
  auto active = wait_record(
      id, [](const crm::Call& c) { return c.greeting_latency_ms >= 0; }, "no greeting", 5s);
  EXPECT_EQ(crm::to_string(active.status), "active");
  EXPECT_LE(active.greeting_latency_ms, 20);  // one 20 ms tick from the ACK
  ASSERT_FALSE(manager_->hangup(id));
  wait_status(id, "ended");
  EXPECT_EQ(sessions_of(kKeyA), 1);  // one session for the call, not one per phase
  EXPECT_EQ(sessions_of(kKeyB), 0);
}
}  // namespace
}  // namespace va::call
