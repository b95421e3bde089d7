// ReferProgress: NOTIFYs of a REFER (RFC 3515 2.4.4) and message/sipfrag bodies (RFC 3420):
// well-formed progress, then each way a NOTIFY or its body can be wrong.
#include "sip/refer_progress.h"

#include <gtest/gtest.h>

namespace va::sip {
namespace {

using V = ReferProgress::Verdict;

TEST(ReferProgressTest, ATryingSipfragIsProgressNotFinal) {
  const auto p = parse_refer_notify("refer", "message/sipfrag;version=2.0", "active;expires=60",
                                    "SIP/2.0 100 Trying\r\n");
  EXPECT_EQ(p.verdict, V::Ok);
  EXPECT_EQ(p.status, 100);
  EXPECT_EQ(p.reason, "Trying");
  EXPECT_FALSE(p.terminated);
  EXPECT_FALSE(p.final());
  EXPECT_EQ(p.response_status(), 200);
}

TEST(ReferProgressTest, A200SipfragWithHeadersIsFinalAndEndsTheSubscription) {
  const auto p =
      parse_refer_notify("Refer;id=93809824", "Message/Sipfrag", "terminated;reason=noresource",
                         "SIP/2.0 200 OK\r\nContent-Type: application/sdp\r\n");
  EXPECT_EQ(p.verdict, V::Ok);
  EXPECT_EQ(p.status, 200);
  EXPECT_TRUE(p.terminated);
  EXPECT_TRUE(p.final());
}

TEST(ReferProgressTest, AFailureSipfragIsFinalEvenWithoutSubscriptionState) {
  const auto p = parse_refer_notify("refer", "message/sipfrag", "", "SIP/2.0 486 Busy Here");
  EXPECT_EQ(p.status, 486);
  EXPECT_EQ(p.reason, "Busy Here");
  EXPECT_TRUE(p.terminated);
  EXPECT_TRUE(p.final());
}

TEST(ReferProgressTest, AStatusWithoutReasonIsAccepted) {
  const auto p = parse_sipfrag("SIP/2.0 603");
  EXPECT_EQ(p.verdict, V::Ok);
  EXPECT_EQ(p.status, 603);
  EXPECT_EQ(p.reason, "");
}

TEST(ReferProgressTest, AnotherEventPackageGets489) {
  const auto p = parse_refer_notify("presence", "message/sipfrag", "", "SIP/2.0 200 OK");
  EXPECT_EQ(p.verdict, V::BadEvent);
  EXPECT_EQ(p.response_status(), 489);
  EXPECT_EQ(parse_refer_notify("", "message/sipfrag", "", "SIP/2.0 200 OK").verdict, V::BadEvent);
  EXPECT_EQ(parse_refer_notify("referral", "message/sipfrag", "", "SIP/2.0 200 OK").verdict,
            V::BadEvent);
}

TEST(ReferProgressTest, AnotherBodyTypeGets415) {
  const auto p = parse_refer_notify("refer", "text/plain", "", "SIP/2.0 200 OK");
  EXPECT_EQ(p.verdict, V::UnsupportedType);
  EXPECT_EQ(p.response_status(), 415);
  EXPECT_FALSE(p.error.empty());
}

TEST(ReferProgressTest, MalformedSipfragsGet400WithAReason) {
  for (const char* body :
       {"", "\r\n", "SIP/2.0", "SIP/2.0 ", "SIP/2.0 20", "SIP/2.0 2000 OK", "SIP/2.0 099 Low",
        "SIP/2.0 700 High", "SIP/3.0 200 OK", "sip/2.0 200 OK", "INVITE sip:a@b SIP/2.0",
        "SIP/2.0 20x OK", "SIP/2.0 200OK", "SIP/2.0 200 O\x01K"}) {
    const auto p = parse_refer_notify("refer", "message/sipfrag", "", body);
    EXPECT_EQ(p.verdict, V::Malformed) << body;
    EXPECT_EQ(p.response_status(), 400) << body;
    EXPECT_FALSE(p.error.empty()) << body;
  }
  EXPECT_EQ(parse_sipfrag(std::string("SIP/2.0 200 OK\r\n\0x", 18)).verdict, V::Malformed);
  EXPECT_EQ(parse_sipfrag("SIP/2.0 200 OK\r\n" + std::string(kMaxSipfragBody, 'a')).verdict,
            V::Malformed);
}

}  // namespace
}  // namespace va::sip
