// DnsCache: TTLs, negative answers, glue, the size bound, under a simulated clock.
#include "sip/dns/dns_cache.h"

#include <gtest/gtest.h>

namespace va::sip {
namespace {

DnsRecord a_record(std::string name, std::uint32_t ttl, const char* ip) {
  DnsRecord r;
  r.name = std::move(name);
  r.type = DnsType::A;
  r.ttl = ttl;
  r.address = boost::asio::ip::make_address(ip);
  return r;
}

DnsAnswer answer_for(std::string name, DnsType type) {
  DnsAnswer a;
  a.question_name = std::move(name);
  a.question_type = type;
  return a;
}

TEST(DnsCache, KeepsARecordSetForItsSmallestTtl) {
  core::SimulatedClock clock;
  DnsCache cache(clock);
  auto answer = answer_for("a.example", DnsType::A);
  answer.answers = {a_record("a.example", 60, "10.0.0.1"), a_record("a.example", 30, "10.0.0.2")};
  EXPECT_EQ(cache.store_answer(answer).size(), 2U);
  clock.advance(std::chrono::seconds(29));
  ASSERT_TRUE(cache.find("a.example", DnsType::A));
  EXPECT_EQ(cache.find("a.example", DnsType::A)->size(), 2U);
  clock.advance(std::chrono::seconds(1));
  EXPECT_FALSE(cache.find("a.example", DnsType::A));
}

TEST(DnsCache, DoesNotKeepTtlZero) {
  core::SimulatedClock clock;
  DnsCache cache(clock);
  auto answer = answer_for("a.example", DnsType::A);
  answer.answers = {a_record("a.example", 0, "10.0.0.1")};
  EXPECT_EQ(cache.store_answer(answer).size(), 1U);
  EXPECT_FALSE(cache.find("a.example", DnsType::A));
}

TEST(DnsCache, KeepsANegativeAnswerForTheSoaMinimum) {
  core::SimulatedClock clock;
  DnsCache cache(clock);
  auto answer = answer_for("none.example", DnsType::Naptr);
  answer.rcode = 3;
  DnsRecord soa;
  soa.type = DnsType::Soa;
  soa.ttl = 300;
  soa.soa_minimum = 5;
  answer.authority = {soa};
  cache.store_answer(answer);
  ASSERT_TRUE(cache.find("none.example", DnsType::Naptr));
  EXPECT_TRUE(cache.find("none.example", DnsType::Naptr)->empty());
  clock.advance(std::chrono::seconds(5));
  EXPECT_FALSE(cache.find("none.example", DnsType::Naptr));
}

TEST(DnsCache, KeepsANegativeAnswerWithoutSoaForTheDefault) {
  core::SimulatedClock clock;
  DnsCache cache(clock);
  cache.store_answer(answer_for("nodata.example", DnsType::Aaaa));
  clock.advance(DnsCache::kDefaultNegativeTtl - std::chrono::seconds(1));
  EXPECT_TRUE(cache.find("nodata.example", DnsType::Aaaa));
  clock.advance(std::chrono::seconds(1));
  EXPECT_FALSE(cache.find("nodata.example", DnsType::Aaaa));
}

TEST(DnsCache, FollowsACnameAndKeepsGlue) {
  core::SimulatedClock clock;
  DnsCache cache(clock);
  auto answer = answer_for("alias.example", DnsType::A);
  DnsRecord cname;
  cname.name = "alias.example";
  cname.type = DnsType::Cname;
  cname.ttl = 10;
  cname.cname = "real.example";
  answer.answers = {cname, a_record("real.example", 100, "10.0.0.3")};
  answer.additional = {a_record("glue.example", 50, "10.0.0.4")};
  EXPECT_EQ(cache.store_answer(answer).size(), 1U);
  clock.advance(std::chrono::seconds(10));  // the CNAME's TTL bounds the set
  EXPECT_FALSE(cache.find("alias.example", DnsType::A));
  ASSERT_TRUE(cache.find("glue.example", DnsType::A));
  EXPECT_EQ(cache.find("glue.example", DnsType::A)->front().address.to_string(), "10.0.0.4");
}

TEST(DnsCache, AFullCacheDropsExpiredEntriesThenStoresNothingNew) {
  core::SimulatedClock clock;
  DnsCache cache(clock, 2);
  cache.store("a", DnsType::A, {}, std::chrono::seconds(1));
  cache.store("b", DnsType::A, {}, std::chrono::seconds(100));
  cache.store("c", DnsType::A, {}, std::chrono::seconds(100));
  EXPECT_FALSE(cache.find("c", DnsType::A));
  clock.advance(std::chrono::seconds(1));
  cache.store("c", DnsType::A, {}, std::chrono::seconds(100));
  EXPECT_TRUE(cache.find("c", DnsType::A));
  EXPECT_EQ(cache.size(), 2U);
}

}  // namespace
}  // namespace va::sip
