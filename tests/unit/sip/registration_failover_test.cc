// Registration to a registrar named by host name: RFC 3263 targets from the shard's locator
// and the failover between them on 503 or timeout (registration.h rule 5a, RFC 3263 4.3),
// with DNS answers from a table and every timer on a ManualTimerService.
#include <gtest/gtest.h>

#include "sip/dns/sip_locator.h"
#include "sip/registration.h"
#include "unit/sip/dns/table_dns.h"
#include "unit/sip/transaction_test_support.h"

namespace va::sip {
namespace {

using namespace std::chrono_literals;
using test::TableDns;
using test::TransactionFixture;

struct RegistrationFailoverTest : TransactionFixture, ::testing::Test {
  RegistrationFailoverTest() {
    dns.srv("_sip._udp.trunk.example", 10, 5060, "a.trunk.example", "192.0.2.1");
    dns.srv("_sip._udp.trunk.example", 20, 5070, "b.trunk.example", "192.0.2.2");
    layer.set_locator(&locator);
    RegistrationConfig c;
    c.registrar = *parse_uri("sip:trunk.example");
    c.expires = 300s;
    c.local.host = "192.0.2.10";
    c.local.port = 5080;
    c.jitter = [] { return 0.5; };
    reg = Registration::create(layer, timers, clock, c);
  }
  // Runs the DNS answers and the locator's steps (each a 0 ms timer).
  void settle() {
    for (int i = 0; i < 50; ++i)
      timers.advance(0ms);
  }
  std::vector<const test::SentMessage*> registers() const {
    std::vector<const test::SentMessage*> out;
    for (const auto& s : sender.sent)
      if (s.message.is_request && s.message.method == Method::Register) out.push_back(&s);
    return out;
  }
  void deliver(int status) {
    Message r = make_response(registers().back()->message, status, {}, "registrar-tag");
    if (status == 200) r.contact.push_back(registers().back()->message.contact.front());
    layer.on_message(r, test::udp_peer(5060));
  }

  TableDns dns{timers};
  SipLocator locator{dns, clock, [this](std::function<void()> f) { timers.start(0ms, f); },
                     [] { return 0.0; }};
  TransactionLayer layer{context};
  std::shared_ptr<Registration> reg;
};

TEST_F(RegistrationFailoverTest, GoesToTheHighestPriorityTargetFirst) {
  reg->start();
  EXPECT_TRUE(registers().empty());  // locating first
  settle();
  ASSERT_EQ(registers().size(), 1u);
  EXPECT_EQ(registers()[0]->to.to_string(), "udp:192.0.2.1:5060");
  EXPECT_EQ(registers()[0]->message.request_uri.to_string(), "sip:trunk.example");
  deliver(200);
  EXPECT_EQ(reg->status().state, RegistrationState::Registered);
  EXPECT_EQ(reg->status().target, "192.0.2.1:5060");
}

TEST_F(RegistrationFailoverTest, A503MovesTheRegisterToTheNextTargetAtOnce) {
  reg->start();
  settle();
  const Message first = registers()[0]->message;
  deliver(503);
  ASSERT_EQ(registers().size(), 2u);
  EXPECT_EQ(registers()[1]->to.to_string(), "udp:192.0.2.2:5070");
  EXPECT_EQ(registers()[1]->message.cseq.number, first.cseq.number + 1);
  EXPECT_NE(registers()[1]->message.via[0].branch(), first.via[0].branch());
  EXPECT_EQ(registers()[1]->message.call_id, first.call_id);
  deliver(200);
  EXPECT_EQ(reg->status().state, RegistrationState::Registered);
  EXPECT_EQ(reg->status().target, "192.0.2.2:5070");
  // The refresh stays with the target that answered.
  timers.advance(150s);
  EXPECT_EQ(registers().back()->to.to_string(), "udp:192.0.2.2:5070");
}

TEST_F(RegistrationFailoverTest, ATimeoutMovesTheRegisterAfterTimerF) {
  reg->start();
  settle();
  timers.advance(config.timeout_64t1() - 1ms);
  EXPECT_EQ(registers().back()->to.to_string(), "udp:192.0.2.1:5060");  // resends to A
  timers.advance(1ms);
  EXPECT_EQ(registers().back()->to.to_string(), "udp:192.0.2.2:5070");
  EXPECT_EQ(reg->status().target, "192.0.2.2:5070");
}

TEST_F(RegistrationFailoverTest, WhenEveryTargetFailsTheRetryStartsOverFromTheCache) {
  reg->start();
  settle();
  deliver(503);
  deliver(503);
  EXPECT_EQ(reg->status().state, RegistrationState::Failed);
  const int asked = dns.asked;
  const auto before = registers().size();
  timers.advance(2000ms);  // backoff_initial * jitter factor 1.0
  settle();
  ASSERT_EQ(registers().size(), before + 1);
  EXPECT_EQ(registers().back()->to.to_string(), "udp:192.0.2.1:5060");
  EXPECT_EQ(dns.asked, asked);  // answered by the TTL cache
}

TEST_F(RegistrationFailoverTest, AnotherFinalResponseIsNotAFailover) {
  reg->start();
  settle();
  deliver(404);
  EXPECT_EQ(registers().size(), 1u);
  EXPECT_EQ(reg->status().state, RegistrationState::Failed);
}

}  // namespace
}  // namespace va::sip
