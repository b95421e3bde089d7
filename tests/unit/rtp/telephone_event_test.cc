// RFC 4733 tests: payload round trip, receiver de-duplication, lost end packets, sender sequence.
#include "rtp/telephone_event.h"

#include <gtest/gtest.h>

#include "rtp/errc.h"

namespace va::rtp {
namespace {

using Kind = TelephoneEventNotice::Kind;

TEST(TelephoneEvent, PayloadRoundTripsAndShortPayloadIsRejected) {
  TelephoneEventPayload p{11, true, 10, 1600};
  std::uint8_t buf[4];
  p.write(buf);
  EXPECT_EQ(buf[1], 0x8a);
  auto back = TelephoneEventPayload::parse(buf);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->event, 11);
  EXPECT_TRUE(back->end);
  EXPECT_EQ(back->volume, 10);
  EXPECT_EQ(back->duration, 1600);
  EXPECT_EQ(telephone_event_char(11), '#');
  EXPECT_EQ(TelephoneEventPayload::parse({buf, 3}).error(),
            make_error_code(Errc::TelephoneEventTooShort));
}

TEST(TelephoneEvent, ReceiverReportsBeginOnceAndEndOnceDespiteRetransmits) {
  TelephoneEventReceiver rx;
  auto n = rx.on_packet(1000, {1, false, 10, 160});
  ASSERT_EQ(n.count, 1u);
  EXPECT_EQ(n.items[0].kind, Kind::Begin);
  EXPECT_EQ(rx.on_packet(1000, {1, false, 10, 320}).count, 0u);
  n = rx.on_packet(1000, {1, true, 10, 480});
  ASSERT_EQ(n.count, 1u);
  EXPECT_EQ(n.items[0].kind, Kind::End);
  EXPECT_EQ(n.items[0].duration, 480);
  EXPECT_EQ(rx.on_packet(1000, {1, true, 10, 480}).count, 0u);
  EXPECT_EQ(rx.on_packet(1000, {1, true, 10, 480}).count, 0u);
}

TEST(TelephoneEvent, NewEventAfterLostEndPacketsEndsThePreviousOne) {
  TelephoneEventReceiver rx;
  rx.on_packet(1000, {4, false, 10, 160});
  rx.on_packet(1000, {4, false, 10, 320});
  auto n = rx.on_packet(3000, {7, false, 10, 160});
  ASSERT_EQ(n.count, 2u);
  EXPECT_EQ(n.items[0].kind, Kind::End);
  EXPECT_EQ(n.items[0].event, 4);
  EXPECT_EQ(n.items[0].duration, 320);
  EXPECT_EQ(n.items[1].kind, Kind::Begin);
  EXPECT_EQ(n.items[1].event, 7);
}

TEST(TelephoneEvent, OnlyEndPacketsArrivingGiveBeginThenEnd) {
  TelephoneEventReceiver rx;
  auto n = rx.on_packet(5000, {9, true, 10, 800});
  ASSERT_EQ(n.count, 2u);
  EXPECT_EQ(n.items[0].kind, Kind::Begin);
  EXPECT_EQ(n.items[1].kind, Kind::End);
  EXPECT_EQ(n.items[1].duration, 800);
}

TEST(TelephoneEvent, SenderGrowsDurationMarksFirstAndRepeatsEndThreeTimes) {
  TelephoneEventSender tx(3, 400, 10, 777);
  std::vector<TelephoneEventSender::Packet> sent;
  while (auto p = tx.next(160))
    sent.push_back(*p);
  ASSERT_EQ(sent.size(), 5u);  // 160, 320, 400E, 400E, 400E
  EXPECT_TRUE(sent[0].marker);
  EXPECT_FALSE(sent[1].marker);
  EXPECT_EQ(sent[0].payload.duration, 160);
  EXPECT_EQ(sent[1].payload.duration, 320);
  for (int i = 2; i < 5; ++i) {
    EXPECT_TRUE(sent[i].payload.end);
    EXPECT_EQ(sent[i].payload.duration, 400);
  }
  for (const auto& p : sent)
    EXPECT_EQ(p.rtp_timestamp, 777u);
  EXPECT_TRUE(tx.done());
}

}  // namespace
}  // namespace va::rtp
