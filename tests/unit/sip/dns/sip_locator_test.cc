// SipLocator: RFC 3263 fallbacks (NAPTR -> SRV -> A), SRV order, the cache and coalescing,
// against a table of answers (the DnsQuerier seam) on a real io_context.
#include "sip/dns/sip_locator.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <map>
#include <set>

namespace va::sip {
namespace {

class TableQuerier final : public DnsQuerier {
 public:
  explicit TableQuerier(boost::asio::io_context& io) : io_(io) {}
  void query(const std::string& name, DnsType type, Done done) override {
    ++asked[{name, type}];
    DnsAnswer answer;
    answer.question_name = name;
    answer.question_type = type;
    core::Result<DnsAnswer> result = answer;
    if (failing.contains(name)) {
      result = make_error_code(DnsErrc::Timeout);
    } else if (auto it = records.find({name, type}); it != records.end()) {
      answer.answers = it->second;
      result = answer;
    }
    boost::asio::post(io_, [done, result] { done(result); });
  }
  void add_a(const std::string& name, const char* ip, std::uint32_t ttl = 60) {
    DnsRecord r{name, DnsType::A, ttl, boost::asio::ip::make_address(ip), {}, {}, {}, 0};
    records[{name, DnsType::A}].push_back(r);
  }
  void add_srv(const std::string& name, std::uint16_t prio, std::uint16_t weight,
               std::uint16_t port, const std::string& target) {
    DnsRecord r;
    r.name = name;
    r.type = DnsType::Srv;
    r.ttl = 60;
    r.srv = SrvData{prio, weight, port, target};
    records[{name, DnsType::Srv}].push_back(r);
  }
  void add_naptr(const std::string& name, std::uint16_t order, const std::string& service,
                 const std::string& replacement) {
    DnsRecord r;
    r.name = name;
    r.type = DnsType::Naptr;
    r.ttl = 60;
    r.naptr = NaptrData{order, 10, "s", service, "", replacement};
    records[{name, DnsType::Naptr}].push_back(r);
  }
  int total_asked() const {
    int n = 0;
    for (const auto& [k, v] : asked)
      n += v;
    return n;
  }

  std::map<std::pair<std::string, DnsType>, std::vector<DnsRecord>> records;
  std::map<std::pair<std::string, DnsType>, int> asked;
  std::set<std::string> failing;

 private:
  boost::asio::io_context& io_;
};

class SipLocatorTest : public ::testing::Test {
 protected:
  SipLocator::Post post() {
    return [this](std::function<void()> f) { boost::asio::post(io, std::move(f)); };
  }
  core::Result<SipLocator::Targets> locate(const std::string& uri_text) {
    core::Result<SipLocator::Targets> out = make_error_code(DnsErrc::ResolverError);
    bool called = false;
    locator.locate(*parse_uri(uri_text), [&](core::Result<SipLocator::Targets> r) {
      EXPECT_FALSE(called);
      called = true;
      out = std::move(r);
    });
    EXPECT_FALSE(called) << "done ran inside locate()";
    io.run();
    io.restart();
    EXPECT_TRUE(called);
    return out;
  }
  static std::string text(const SipLocator::Targets& t) {
    std::string s;
    for (const auto& a : t)
      s += (s.empty() ? "" : " ") + a.to_string();
    return s;
  }

  boost::asio::io_context io;
  TableQuerier dns{io};
  core::SimulatedClock clock;
  double draw = 0.0;
  SipLocator locator{dns, clock, post(), [this] { return draw; }};
};

TEST_F(SipLocatorTest, NumericHostNeedsNoDns) {
  auto t = locate("sip:127.0.0.5:5070;transport=tcp");
  ASSERT_TRUE(t);
  EXPECT_EQ(text(*t), "tcp:127.0.0.5:5070");
  EXPECT_EQ(text(*locate("sip:localhost")), "udp:127.0.0.1:5060");
  EXPECT_EQ(dns.total_asked(), 0);
}

TEST_F(SipLocatorTest, ExplicitPortAsksOnlyForAddresses) {
  dns.add_a("trunk.example", "127.0.0.7");
  EXPECT_EQ(text(*locate("sip:Trunk.Example:5080")), "udp:127.0.0.7:5080");
  EXPECT_EQ(dns.total_asked(), 1);
}

TEST_F(SipLocatorTest, NaptrLeadsToSrvInPriorityOrder) {
  dns.add_naptr("test.example", 20, "SIP+D2T", "_sip._tcp.test.example");
  dns.add_naptr("test.example", 10, "SIP+D2U", "_sip._udp.test.example");
  dns.add_naptr("test.example", 5, "SIPS+D2T", "_sips._tcp.test.example");  // sip: URI: not TLS
  dns.add_srv("_sip._udp.test.example", 20, 0, 5062, "b.test.example");
  dns.add_srv("_sip._udp.test.example", 10, 0, 5061, "a.test.example");
  dns.add_srv("_sip._tcp.test.example", 10, 0, 5063, "a.test.example");
  dns.add_a("a.test.example", "127.0.0.2");
  dns.add_a("b.test.example", "127.0.0.3");
  EXPECT_EQ(text(*locate("sip:test.example")),
            "udp:127.0.0.2:5061 udp:127.0.0.3:5062 tcp:127.0.0.2:5063");
  EXPECT_EQ(dns.asked.count({"_sips._tcp.test.example", DnsType::Srv}), 0U);
}

TEST_F(SipLocatorTest, NoNaptrFallsBackToSrvThenToA) {
  dns.add_srv("_sip._tcp.srv.example", 1, 0, 5090, "t.srv.example");
  dns.add_a("t.srv.example", "127.0.0.4");
  EXPECT_EQ(text(*locate("sip:srv.example")), "tcp:127.0.0.4:5090");
  dns.add_a("plain.example", "127.0.0.6");
  EXPECT_EQ(text(*locate("sip:plain.example")), "udp:127.0.0.6:5060");
  EXPECT_EQ((dns.asked[{"_sip._udp.plain.example", DnsType::Srv}]), 1);
}

TEST_F(SipLocatorTest, TransportParamAsksOnlyItsSrv) {
  dns.add_srv("_sip._tcp.t.example", 1, 0, 5099, "h.t.example");
  dns.add_a("h.t.example", "127.0.0.8");
  EXPECT_EQ(text(*locate("sip:t.example;transport=tcp")), "tcp:127.0.0.8:5099");
  EXPECT_EQ(dns.asked.count({"t.example", DnsType::Naptr}), 0U);
}

TEST_F(SipLocatorTest, SipsUriTakesOnlySipsNaptrAndVerifiesTheUriHost) {
  dns.add_naptr("tls.example", 10, "SIP+D2U", "_sip._udp.tls.example");
  dns.add_naptr("tls.example", 20, "SIPS+D2T", "_sips._tcp.tls.example");
  dns.add_srv("_sip._udp.tls.example", 10, 0, 5060, "gw.tls.example");
  dns.add_srv("_sips._tcp.tls.example", 10, 0, 5071, "gw.tls.example");
  dns.add_a("gw.tls.example", "127.0.0.9");
  auto t = locate("sips:TLS.example");
  ASSERT_TRUE(t);
  EXPECT_EQ(text(*t), "tls:127.0.0.9:5071");
  // RFC 5922 4.2: the certificate must name the URI's host, not the SRV target.
  EXPECT_EQ(t->front().host, "tls.example");
  EXPECT_EQ(dns.asked.count({"_sip._udp.tls.example", DnsType::Srv}), 0U);
}

TEST_F(SipLocatorTest, SipsWithoutNaptrFallsBackToSipsSrvThenPort5061) {
  dns.add_srv("_sips._tcp.s.example", 1, 0, 5081, "h.s.example");
  dns.add_a("h.s.example", "127.0.0.10");
  EXPECT_EQ(text(*locate("sips:s.example")), "tls:127.0.0.10:5081");
  dns.add_a("a.example", "127.0.0.11");
  EXPECT_EQ(text(*locate("sips:a.example")), "tls:127.0.0.11:5061");
  EXPECT_EQ(dns.asked.count({"_sip._udp.a.example", DnsType::Srv}), 0U);
}

TEST_F(SipLocatorTest, TransportTlsAndNumericSipsAreTls) {
  auto numeric = locate("sips:127.0.0.12");
  ASSERT_TRUE(numeric);
  EXPECT_EQ(text(*numeric), "tls:127.0.0.12:5061");
  EXPECT_EQ(numeric->front().host, "127.0.0.12");  // verified against the IP SAN
  EXPECT_EQ(text(*locate("sip:127.0.0.13:5070;transport=TLS")), "tls:127.0.0.13:5070");
  dns.add_srv("_sips._tcp.p.example", 1, 0, 5091, "h.p.example");
  dns.add_a("h.p.example", "127.0.0.14");
  EXPECT_EQ(text(*locate("sip:p.example;transport=tls")), "tls:127.0.0.14:5091");
  EXPECT_FALSE(locate("sips:127.0.0.1;transport=udp")) << "UDP cannot carry a sips: URI";
}

TEST_F(SipLocatorTest, AaaaOnlyWhenThereIsNoA) {
  DnsRecord v6{
      "six.example", DnsType::Aaaa, 60, boost::asio::ip::make_address("::1"), {}, {}, {}, 0};
  dns.records[{"six.example", DnsType::Aaaa}] = {v6};
  EXPECT_EQ(text(*locate("sip:six.example:5060")), "udp:[::1]:5060");
}

TEST_F(SipLocatorTest, NothingFoundIsNoTargetsAndAFailureIsItsError) {
  EXPECT_EQ(locate("sip:void.example").error(), make_error_code(DnsErrc::NoTargets));
  dns.failing.insert("down.example");
  EXPECT_EQ(locate("sip:down.example:5060").error(), make_error_code(DnsErrc::Timeout));
  EXPECT_EQ(locate("sip:x.example;transport=sctp").error(),
            make_error_code(DnsErrc::UnsupportedTransport));
  EXPECT_EQ(locator.stats().failures, 2U);
}

TEST_F(SipLocatorTest, TheCacheAnswersUntilTheTtlRunsOut) {
  dns.add_a("c.example", "127.0.0.9", 30);
  for (int i = 0; i < 100; ++i)
    ASSERT_TRUE(locate("sip:c.example:5060"));
  EXPECT_EQ(dns.total_asked(), 1);
  clock.advance(std::chrono::seconds(30));
  ASSERT_TRUE(locate("sip:c.example:5060"));
  EXPECT_EQ(dns.total_asked(), 2);
}

TEST_F(SipLocatorTest, ConcurrentLookupsShareOneQuestion) {
  dns.add_a("busy.example", "127.0.0.10");
  int answered = 0;
  for (int i = 0; i < 50; ++i) {
    locator.locate(*parse_uri("sip:busy.example:5060"), [&](auto r) { answered += r ? 1 : 0; });
  }
  io.run();
  EXPECT_EQ(answered, 50);
  EXPECT_EQ(dns.total_asked(), 1);
}

TEST_F(SipLocatorTest, WeightsDecideWhichTargetComesFirst) {
  dns.add_srv("_sip._udp.w.example", 10, 75, 5001, "a.w.example");
  dns.add_srv("_sip._udp.w.example", 10, 25, 5002, "b.w.example");
  dns.add_a("a.w.example", "127.0.0.2");
  dns.add_a("b.w.example", "127.0.0.3");
  draw = 0.5;
  EXPECT_EQ(locate("sip:w.example")->front().port, 5001);
  draw = 0.9;
  EXPECT_EQ(locate("sip:w.example")->front().port, 5002);
}

}  // namespace
}  // namespace va::sip
