// parse_dns_answer: build -> parse -> compare, then damaged messages refused whole.
#include "sip/dns/dns_answer_parser.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "test_paths.h"
#include "unit/sip/dns/dns_message_builder.h"

namespace va::sip {
namespace {

using test::Bytes;
using test::DnsMessageBuilder;

core::Result<DnsAnswer> parse(const Bytes& b) {
  return parse_dns_answer(std::span<const std::uint8_t>(b.data(), b.size()));
}

Bytes srv_answer() {
  return DnsMessageBuilder("_sip._udp.test.example", 33)
      .add(DnsMessageBuilder::Answer, "_sip._udp.test.example", 33, 300,
           test::rdata_srv(10, 75, 5070, "a.test.example"))
      .add(DnsMessageBuilder::Additional, "a.test.example", 1, 120, test::rdata_a("127.0.0.2"))
      .bytes();
}

TEST(DnsAnswerParser, ReadsSrvWithGlueAndTtls) {
  auto answer = parse(srv_answer());
  ASSERT_TRUE(answer) << answer.error().message();
  EXPECT_EQ(answer->question_name, "_sip._udp.test.example");
  EXPECT_EQ(answer->question_type, DnsType::Srv);
  ASSERT_EQ(answer->answers.size(), 1U);
  EXPECT_EQ(answer->answers[0].ttl, 300U);
  EXPECT_EQ(answer->answers[0].srv.priority, 10);
  EXPECT_EQ(answer->answers[0].srv.weight, 75);
  EXPECT_EQ(answer->answers[0].srv.port, 5070);
  EXPECT_EQ(answer->answers[0].srv.target, "a.test.example");
  ASSERT_EQ(answer->additional.size(), 1U);
  EXPECT_EQ(answer->additional[0].address.to_string(), "127.0.0.2");
  EXPECT_EQ(answer->additional[0].ttl, 120U);
}

TEST(DnsAnswerParser, ReadsNaptrAaaaAndLowerCasesNames) {
  auto answer = parse(
      DnsMessageBuilder("Test.Example", 35)
          .add(DnsMessageBuilder::Answer, "TEST.example", 35, 60,
               test::rdata_naptr(10, 20, "S", "SIP+D2U", "_sip._udp.Test.example"))
          .add(DnsMessageBuilder::Additional, "b.test.example", 28, 30, test::rdata_aaaa("::1"))
          .bytes());
  ASSERT_TRUE(answer) << answer.error().message();
  ASSERT_EQ(answer->answers.size(), 1U);
  const auto& n = answer->answers[0].naptr;
  EXPECT_EQ(answer->answers[0].name, "test.example");
  EXPECT_EQ(n.order, 10);
  EXPECT_EQ(n.preference, 20);
  EXPECT_EQ(n.flags, "s");
  EXPECT_EQ(n.services, "SIP+D2U");
  EXPECT_EQ(n.replacement, "_sip._udp.test.example");
  EXPECT_EQ(answer->additional[0].address.to_string(), "::1");
}

TEST(DnsAnswerParser, FollowsBackwardCompressionPointers) {
  Bytes b = DnsMessageBuilder("a.test.example", 1).bytes();
  b[7] = 1;  // ANCOUNT = 1
  // Owner: a pointer to the question name at offset 12.
  b.insert(b.end(), {0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 9});
  auto answer = parse(b);
  ASSERT_TRUE(answer) << answer.error().message();
  ASSERT_EQ(answer->answers.size(), 1U);
  EXPECT_EQ(answer->answers[0].name, "a.test.example");
  EXPECT_EQ(answer->answers[0].address.to_string(), "127.0.0.9");
}

TEST(DnsAnswerParser, RefusesAPointerToItselfOrForward) {
  Bytes b = DnsMessageBuilder("a.test.example", 1).bytes();
  b[7] = 1;
  const auto self = static_cast<std::uint8_t>(b.size());
  b.insert(b.end(), {0xC0, self, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 9});
  EXPECT_EQ(parse(b).error(), make_error_code(DnsErrc::BadPointer));
  b[self + 1] = static_cast<std::uint8_t>(self + 2);
  EXPECT_EQ(parse(b).error(), make_error_code(DnsErrc::BadPointer));
}

TEST(DnsAnswerParser, RefusesEveryTruncationOfARealAnswer) {
  const Bytes whole = srv_answer();
  for (std::size_t n = 0; n < whole.size(); ++n) {
    auto answer = parse(Bytes(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(n)));
    EXPECT_FALSE(answer) << "accepted the first " << n << " bytes";
  }
}

TEST(DnsAnswerParser, RefusesMalformedHeadersAndRecords) {
  Bytes query = srv_answer();
  query[2] &= 0x7F;  // QR clear: a query, not a response
  EXPECT_EQ(parse(query).error(), make_error_code(DnsErrc::NotAResponse));
  Bytes tc = srv_answer();
  tc[2] |= 0x02;
  EXPECT_EQ(parse(tc).error(), make_error_code(DnsErrc::Truncated));
  Bytes two_questions = srv_answer();
  two_questions[5] = 2;
  EXPECT_EQ(parse(two_questions).error(), make_error_code(DnsErrc::BadQuestion));
  Bytes trailing = srv_answer();
  trailing.push_back(0);
  EXPECT_EQ(parse(trailing).error(), make_error_code(DnsErrc::TrailingBytes));
  Bytes many = srv_answer();
  many[6] = 0xFF;
  EXPECT_EQ(parse(many).error(), make_error_code(DnsErrc::TooManyRecords));
  auto short_a = DnsMessageBuilder("a.example", 1)
                     .add(DnsMessageBuilder::Answer, "a.example", 1, 5, Bytes{127, 0, 0})
                     .bytes();
  EXPECT_EQ(parse(short_a).error(), make_error_code(DnsErrc::BadRecord));
  Bytes srv_long = test::rdata_srv(1, 1, 5060, "x.example");
  srv_long.push_back(0);  // one byte after the target's end
  auto srv = DnsMessageBuilder("s.example", 33)
                 .add(DnsMessageBuilder::Answer, "s.example", 33, 5, srv_long)
                 .bytes();
  EXPECT_EQ(parse(srv).error(), make_error_code(DnsErrc::BadRecord));
}

TEST(DnsAnswerParser, RefusesBadLabels) {
  auto space = DnsMessageBuilder("a b.example", 1).bytes();
  EXPECT_EQ(parse(space).error(), make_error_code(DnsErrc::BadName));
  Bytes ext = DnsMessageBuilder("a.example", 1).bytes();
  ext[12] = 0x41;  // label type 01 (RFC 6891 extended labels): refused
  EXPECT_EQ(parse(ext).error(), make_error_code(DnsErrc::BadName));
  std::string longest;
  for (int i = 0; i < 5; ++i)
    longest += std::string(60, 'a') + ".";
  EXPECT_EQ(parse(DnsMessageBuilder(longest + "x", 1).bytes()).error(),
            make_error_code(DnsErrc::NameTooLong));
}

TEST(DnsAnswerParser, RefusesAPointerChainLongerThanTheBound) {
  // Record 1 (an unknown type, skipped) carries in its rdata a root name and a chain of
  // backward pointers, each to the one before; record 2's owner points at the chain's end.
  Bytes rdata{0};
  Bytes b = DnsMessageBuilder("a.example", 1).bytes();
  const std::size_t rdata_at = b.size() + 11;  // owner (1) + type, class, ttl, rdlength (10)
  for (int i = 0; i <= kMaxDnsPointers; ++i) {
    const std::size_t prev = rdata_at + (i == 0 ? 0 : 1 + 2 * static_cast<std::size_t>(i - 1));
    rdata.push_back(static_cast<std::uint8_t>(0xC0 | (prev >> 8)));
    rdata.push_back(static_cast<std::uint8_t>(prev));
  }
  const std::size_t last = rdata_at + rdata.size() - 2;
  b[7] = 2;
  b.push_back(0);  // owner: the root
  test::put16(b, 99);
  test::put16(b, 1);
  test::put32(b, 60);
  test::put16(b, static_cast<std::uint16_t>(rdata.size()));
  b.insert(b.end(), rdata.begin(), rdata.end());
  b.insert(b.end(), {static_cast<std::uint8_t>(0xC0 | (last >> 8)), static_cast<std::uint8_t>(last),
                     0, 1, 0, 1, 0, 0, 0, 1, 0, 4, 1, 2, 3, 4});
  EXPECT_EQ(parse(b).error(), make_error_code(DnsErrc::TooManyPointers));
}

TEST(DnsAnswerParser, KeepsTheRcodeAndSoaOfANegativeAnswer) {
  Bytes soa = test::encode_name("ns.example");
  const Bytes rname = test::encode_name("hostmaster.example");
  soa.insert(soa.end(), rname.begin(), rname.end());
  for (std::uint32_t v : {1U, 3600U, 600U, 86400U, 45U})
    test::put32(soa, v);
  auto answer = parse(DnsMessageBuilder("none.example", 35, 0x8183)
                          .add(DnsMessageBuilder::Authority, "example", 6, 90, soa)
                          .bytes());
  ASSERT_TRUE(answer) << answer.error().message();
  EXPECT_EQ(answer->rcode, 3);
  ASSERT_EQ(answer->authority.size(), 1U);
  EXPECT_EQ(answer->authority[0].soa_minimum, 45U);
}

TEST(DnsAnswerParser, TreatsATtlWithTheTopBitSetAsZero) {
  auto answer = parse(
      DnsMessageBuilder("a.example", 1)
          .add(DnsMessageBuilder::Answer, "a.example", 1, 0x80000001U, test::rdata_a("10.0.0.1"))
          .bytes());
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->answers[0].ttl, 0U);
}

Bytes read_seed(const std::string& name) {
  std::ifstream in(std::string(VA_SOURCE_DIR) + "/tests/fuzz/sip/corpus/dns_answer/" + name,
                   std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

TEST(DnsAnswerParser, ReadsRealDnsmasqAnswers) {
  auto srv = parse(read_seed("real-sip-udp-test-example-33-edns"));
  ASSERT_TRUE(srv) << srv.error().message();
  EXPECT_EQ(srv->answers.size(), 3U);
  EXPECT_EQ(srv->additional.size(), 4U);  // the targets' A/AAAA glue; the OPT is skipped
  auto naptr = parse(read_seed("real-test-example-35"));
  ASSERT_TRUE(naptr) << naptr.error().message();
  ASSERT_EQ(naptr->answers.size(), 2U);
  EXPECT_EQ(naptr->answers[1].naptr.replacement, "_sip._udp.test.example");
  auto none = parse(read_seed("real-none-test-example-35"));
  ASSERT_TRUE(none);
  EXPECT_EQ(none->rcode, 3);
  EXPECT_FALSE(parse(read_seed("hand-pointer-loop")));
}

}  // namespace
}  // namespace va::sip
