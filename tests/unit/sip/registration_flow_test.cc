// Registration: REGISTER with digest auth, refresh, backoff, 423 and unregister (RFC 3261
// 10.2, 22.2) against a hand-driven registrar on a ManualTimerService.
#include <gtest/gtest.h>

#include "sip/registration.h"
#include "unit/sip/transaction_test_support.h"

namespace va::sip {
namespace {

using namespace std::chrono_literals;
using test::TransactionFixture;

struct RegistrationTest : TransactionFixture, ::testing::Test {
  RegistrationTest() {
    RegistrationConfig c;
    c.registrar = *parse_uri("sip:192.0.2.1:5060");
    c.username = "alice";
    c.password = "secret";
    c.expires = 300s;
    c.local.user = "alice";
    c.local.host = "192.0.2.10";
    c.local.port = 5080;
    c.jitter = [this] { return jitter; };
    reg = Registration::create(layer, timers, clock, c);
    reg->set_status_handler([this](const RegistrationStatus& s) { states.push_back(s.state); });
  }

  std::vector<Message> registers() const {
    std::vector<Message> out;
    for (const auto& s : sender.sent)
      if (s.message.is_request && s.message.method == Method::Register) out.push_back(s.message);
    return out;
  }
  const Message& last_register() const { return sender.sent.back().message; }

  Message reply(int status, std::string reason = {}) {
    Message r = make_response(last_register(), status, reason, "registrar-tag");
    return r;
  }
  void deliver(const Message& response) { layer.on_message(response, test::udp_peer(5060)); }
  Message challenge(std::string nonce = "n1", int status = 401) {
    Message r = reply(status);
    r.headers.add(status == 401 ? "WWW-Authenticate" : "Proxy-Authenticate",
                  "Digest realm=\"trunk\", nonce=\"" + nonce + "\", qop=\"auth\"");
    return r;
  }
  Message ok(std::optional<int> contact_expires, std::optional<int> header_expires = {}) {
    Message r = reply(200);
    NameAddr contact = last_register().contact.front();
    if (contact_expires) contact.params.set("expires", std::to_string(*contact_expires));
    r.contact.push_back(contact);
    if (header_expires) r.headers.set("Expires", std::to_string(*header_expires));
    return r;
  }
  std::chrono::milliseconds until(std::optional<core::Clock::TimePoint> t) const {
    return t ? std::chrono::duration_cast<std::chrono::milliseconds>(*t - clock.now())
             : std::chrono::milliseconds(-1);
  }

  TransactionLayer layer{context};
  double jitter = 0.5;  // factor 1.0
  std::shared_ptr<Registration> reg;
  std::vector<RegistrationState> states;
};

TEST_F(RegistrationTest, RegistersAndRefreshesAtHalfTheGrantedInterval) {
  reg->start();
  ASSERT_EQ(registers().size(), 1u);
  const Message first = last_register();
  EXPECT_EQ(first.request_uri.to_string(), "sip:192.0.2.1:5060");
  EXPECT_EQ(first.to.uri.to_string(), "sip:alice@192.0.2.1");
  EXPECT_EQ(first.from.uri.to_string(), "sip:alice@192.0.2.1");
  EXPECT_EQ(*first.headers.get("Expires"), "300");
  EXPECT_EQ(first.contact.front().uri.to_string(), "sip:alice@192.0.2.10:5080");
  EXPECT_EQ(sender.sent.back().to.to_string(), "udp:192.0.2.1:5060");
  EXPECT_EQ(reg->status().state, RegistrationState::Registering);

  deliver(ok(300));
  auto s = reg->status();
  EXPECT_EQ(s.state, RegistrationState::Registered);
  EXPECT_EQ(s.last_status, 200);
  EXPECT_EQ(s.granted_expires_s, 300);
  EXPECT_EQ(until(s.registered_until), 300s);
  EXPECT_EQ(until(s.next_attempt), 150s);
  EXPECT_EQ(states, (std::vector{RegistrationState::Registering, RegistrationState::Registered}));

  timers.advance(149'999ms);
  EXPECT_EQ(registers().size(), 1u);
  timers.advance(1ms);
  ASSERT_EQ(registers().size(), 2u);
  EXPECT_EQ(last_register().call_id, first.call_id);
  EXPECT_EQ(last_register().cseq.number, first.cseq.number + 1);
  EXPECT_NE(last_register().via[0].branch(), first.via[0].branch());
  EXPECT_EQ(reg->status().state, RegistrationState::Registered);  // still bound while refreshing
}

TEST_F(RegistrationTest, HonoursTheIntervalTheRegistrarGrants) {
  reg->start();
  deliver(ok(std::nullopt, 60));  // Expires header only
  EXPECT_EQ(reg->status().granted_expires_s, 60);
  EXPECT_EQ(until(reg->status().next_attempt), 30s);
  timers.advance(30s);
  deliver(ok(15, 3600));  // our Contact's expires beats the header
  EXPECT_EQ(reg->status().granted_expires_s, 15);
  EXPECT_EQ(until(reg->status().next_attempt), 5s);  // expires - 10 s is the earlier
}

TEST(RegistrationConfigFrom, TakesTheTrunkSettings) {
  core::Config config;
  config.sip.trunk.uri = "sip:192.0.2.1:5070";
  config.sip.trunk.username = "alice";
  config.sip.trunk.password = "secret";
  config.sip.trunk.realm = "trunk";
  config.sip.trunk.register_expires_s = 120;
  config.sip.public_address = "203.0.113.5";
  auto c = RegistrationConfig::from(config, 5062);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->registrar.to_string(), "sip:192.0.2.1:5070");
  EXPECT_EQ(c->username, "alice");
  EXPECT_EQ(c->realm, "trunk");
  EXPECT_EQ(c->expires, 120s);
  EXPECT_EQ(c->local.host, "203.0.113.5");
  EXPECT_EQ(c->local.port, 5062);
  EXPECT_TRUE(c->call_id.ends_with("@203.0.113.5"));
  config.sip.trunk.uri = "sip:gw.example.com";  // a host name: located by RFC 3263 at send time
  ASSERT_TRUE(RegistrationConfig::from(config, 5062));
  EXPECT_EQ(RegistrationConfig::from(config, 5062)->registrar.to_string(), "sip:gw.example.com");
  config.sip.trunk.uri = "";
  EXPECT_EQ(RegistrationConfig::from(config, 5062).error(), make_error_code(UacErrc::NoTrunk));
}

TEST(RegistrationRefreshDelay, TakesTheLargerSafetyMargin) {
  EXPECT_EQ(Registration::refresh_delay(300s), 150s);
  EXPECT_EQ(Registration::refresh_delay(20s), 10s);
  EXPECT_EQ(Registration::refresh_delay(15s), 5s);
  EXPECT_EQ(Registration::refresh_delay(8s), 4s);
  EXPECT_EQ(Registration::refresh_delay(1s), 500ms);
}

TEST_F(RegistrationTest, AnswersA401ChallengeWithCredentials) {
  reg->start();
  const Message first = last_register();
  deliver(challenge());
  ASSERT_EQ(registers().size(), 2u);
  const Message second = last_register();
  EXPECT_EQ(second.call_id, first.call_id);
  EXPECT_EQ(second.cseq.number, first.cseq.number + 1);
  ASSERT_NE(second.headers.get("Authorization"), nullptr);
  EXPECT_NE(second.headers.get("Authorization")->find("username=\"alice\""), std::string::npos);
  EXPECT_NE(second.headers.get("Authorization")->find("realm=\"trunk\""), std::string::npos);
  deliver(ok(300));
  EXPECT_EQ(reg->status().state, RegistrationState::Registered);
  EXPECT_EQ(reg->status().failures, 0u);
}

TEST_F(RegistrationTest, AnswersA407WithProxyAuthorization) {
  reg->start();
  deliver(challenge("p1", 407));
  ASSERT_EQ(registers().size(), 2u);
  EXPECT_NE(last_register().headers.get("Proxy-Authorization"), nullptr);
}

TEST_F(RegistrationTest, FailsWithWrongCredentialsAndRetriesAfterBackoff) {
  reg->start();
  deliver(challenge("n1"));
  deliver(challenge("n1"));  // the same challenge again: refused
  auto s = reg->status();
  EXPECT_EQ(s.state, RegistrationState::Failed);
  EXPECT_EQ(s.last_status, 401);
  EXPECT_EQ(s.last_reason, "wrong credentials");
  EXPECT_EQ(s.failures, 1u);
  EXPECT_EQ(until(s.next_attempt), 2s);
  EXPECT_EQ(registers().size(), 2u);
  timers.advance(2s);
  ASSERT_EQ(registers().size(), 3u);
  EXPECT_EQ(last_register().headers.get("Authorization"), nullptr);  // a fresh attempt
  deliver(challenge("n2"));  // a new challenge for the new attempt is answered
  EXPECT_EQ(registers().size(), 4u);
}

TEST_F(RegistrationTest, BacksOffExponentiallyUpToFiveMinutes) {
  reg->start();
  const std::vector<std::chrono::milliseconds> expected{2s,  4s,   8s,   16s,  32s,
                                                        64s, 128s, 256s, 300s, 300s};
  for (auto delay : expected) {
    deliver(reply(503, "Service Unavailable"));
    EXPECT_EQ(until(reg->status().next_attempt), delay);
    const auto before = registers().size();
    timers.advance(delay);
    EXPECT_EQ(registers().size(), before + 1);
  }
  EXPECT_EQ(reg->status().failures, expected.size());
  deliver(ok(300));
  EXPECT_EQ(reg->status().failures, 0u);
}

TEST_F(RegistrationTest, JittersTheBackoffByAtMostTwentyPercent) {
  jitter = 0.0;
  EXPECT_EQ(reg->backoff_delay(1), 1600ms);
  jitter = 0.999;
  EXPECT_GT(reg->backoff_delay(1), 2390ms);
  EXPECT_LT(reg->backoff_delay(1), 2400ms);
  jitter = 0.5;
  EXPECT_EQ(reg->backoff_delay(3), 8s);
}

TEST_F(RegistrationTest, FailsOnTimeoutWhenTheRegistrarIsSilent) {
  reg->start();
  timers.advance(config.timeout_64t1());
  auto s = reg->status();
  EXPECT_EQ(s.state, RegistrationState::Failed);
  EXPECT_EQ(s.last_status, 408);
  EXPECT_EQ(s.last_reason, "timeout");
}

TEST_F(RegistrationTest, RetriesWithMinExpiresAfter423) {
  reg->start();
  Message brief = reply(423, "Interval Too Brief");
  brief.headers.add("Min-Expires", "600");
  deliver(brief);
  ASSERT_EQ(registers().size(), 2u);
  EXPECT_EQ(*last_register().headers.get("Expires"), "600");
  deliver(ok(600));
  EXPECT_EQ(reg->status().granted_expires_s, 600);
}

TEST_F(RegistrationTest, FailsA423WithoutALargerMinExpires) {
  reg->start();
  Message brief = reply(423, "Interval Too Brief");
  brief.headers.add("Min-Expires", "100");
  deliver(brief);
  EXPECT_EQ(reg->status().state, RegistrationState::Failed);
  EXPECT_EQ(registers().size(), 1u);
}

TEST_F(RegistrationTest, UnregistersWithExpiresZeroOnStop) {
  reg->start();
  deliver(ok(300));
  bool done = false;
  reg->stop([&] { done = true; });
  ASSERT_EQ(registers().size(), 2u);
  EXPECT_EQ(*last_register().headers.get("Expires"), "0");
  EXPECT_EQ(*last_register().contact.front().params.get("expires"), "0");
  EXPECT_FALSE(done);
  deliver(challenge("u1"));  // the registrar may challenge the removal too
  ASSERT_EQ(registers().size(), 3u);
  EXPECT_NE(last_register().headers.get("Authorization"), nullptr);
  deliver(reply(200));
  EXPECT_TRUE(done);
  EXPECT_EQ(reg->status().state, RegistrationState::Unregistered);
  EXPECT_FALSE(reg->status().registered_until);
  timers.advance(1h);
  EXPECT_EQ(registers().size(), 3u);  // no refresh after stop
}

TEST_F(RegistrationTest, StopBeforeStartSendsNothing) {
  bool done = false;
  reg->stop([&] { done = true; });
  EXPECT_TRUE(done);
  EXPECT_TRUE(registers().empty());
}

TEST_F(RegistrationTest, IgnoresAResponseToASupersededRegister) {
  reg->start();
  const Message first = last_register();
  reg->stop();
  Message late = make_response(first, 200, {}, "t");
  deliver(late);  // 200 for the first REGISTER, not for the removal
  EXPECT_EQ(reg->status().state, RegistrationState::Registering);
}

}  // namespace
}  // namespace va::sip
