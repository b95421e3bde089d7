// DTMF in the call: SIP INFO bodies (dtmf_info.h), telephone-event notices to key presses
// (DtmfCollector), and the validators of send_dtmf digits and SMS texts.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "call/dtmf_collector.h"
#include "call/dtmf_info.h"
#include "rtp/telephone_event.h"

namespace va::call {
namespace {

using Verdict = DtmfInfo::Verdict;
using std::chrono::milliseconds;

TEST(DtmfInfoTest, RelayBodiesGiveTheirKey) {
  auto d = parse_dtmf_info("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n");
  EXPECT_EQ(d.verdict, Verdict::Digit);
  EXPECT_EQ(d.digit, '5');
  EXPECT_EQ(d.duration, 160);
  EXPECT_EQ(d.status(), 200);
  // Case, spaces, bare LF, parameters on the type, other fields, no Duration.
  d = parse_dtmf_info("Application/DTMF-Relay; charset=x", " signal = #\nVolume=10\n");
  EXPECT_EQ(d.verdict, Verdict::Digit);
  EXPECT_EQ(d.digit, '#');
  EXPECT_EQ(d.duration, -1);
  EXPECT_EQ(parse_dtmf_info("application/dtmf-relay", "Signal=10").digit, '*');
  EXPECT_EQ(parse_dtmf_info("application/dtmf-relay", "Signal=11").digit, '#');
  EXPECT_EQ(parse_dtmf_info("application/dtmf-relay", "Signal=d").digit, 'D');
}

TEST(DtmfInfoTest, PlainDtmfBodiesGiveTheirKey) {
  for (const char* key : {"0", "9", "*", "#", "A"}) {
    const auto d = parse_dtmf_info("application/dtmf", std::string(key) + "\r\n");
    EXPECT_EQ(d.verdict, Verdict::Digit) << key;
    EXPECT_EQ(d.digit, key[0]);
  }
}

TEST(DtmfInfoTest, MalformedBodiesAre400) {
  const std::vector<std::pair<const char*, std::string>> bad = {
      {"application/dtmf-relay", ""},
      {"application/dtmf-relay", "Duration=160"},
      {"application/dtmf-relay", "Signal=55"},
      {"application/dtmf-relay", "Signal=E"},
      {"application/dtmf-relay", "Signal="},
      {"application/dtmf-relay", "Signal=5\r\nSignal=6"},
      {"application/dtmf-relay", "Signal 5"},
      {"application/dtmf-relay", "Signal=5\r\nDuration=-1"},
      {"application/dtmf-relay", "Signal=5\r\nDuration=0"},
      {"application/dtmf-relay", "Signal=5\r\nDuration=99999999"},
      {"application/dtmf-relay", "Signal=5\r\nDuration=abc"},
      {"application/dtmf-relay", std::string("Signal=\0", 8)},
      {"application/dtmf-relay", "Signal=5\r\n" + std::string(300, 'x')},
      {"application/dtmf", ""},
      {"application/dtmf", "12"},
      {"application/dtmf", "x"},
      {"application/dtmf", "\xff"},
  };
  for (const auto& [type, body] : bad) {
    const auto d = parse_dtmf_info(type, body);
    EXPECT_EQ(d.verdict, Verdict::Malformed) << body;
    EXPECT_EQ(d.status(), 400) << body;
    EXPECT_FALSE(d.error.empty()) << body;
  }
}

TEST(DtmfInfoTest, OtherTypesAre415) {
  for (const char* type : {"", "text/plain", "application/sdp", "application/dtmf-relayx"}) {
    const auto d = parse_dtmf_info(type, "Signal=5");
    EXPECT_EQ(d.verdict, Verdict::UnsupportedType) << type;
    EXPECT_EQ(d.status(), 415);
  }
}

TEST(DtmfInfoTest, DigitsAndSmsTextsAreValidated) {
  EXPECT_EQ(dtmf_digits_error("0123456789*#ABCD"), "");
  EXPECT_NE(dtmf_digits_error(""), "");
  EXPECT_NE(dtmf_digits_error("12E"), "");
  EXPECT_NE(dtmf_digits_error("1 2"), "");
  EXPECT_NE(dtmf_digits_error(std::string(kMaxDtmfDigits + 1, '1')), "");
  EXPECT_EQ(dtmf_digits_error(std::string(kMaxDtmfDigits, '1')), "");
  EXPECT_EQ(dtmf_event_code('*'), 10);
  EXPECT_EQ(dtmf_event_code('#'), 11);
  EXPECT_EQ(dtmf_event_code('D'), 15);
  EXPECT_EQ(dtmf_event_code('x'), -1);

  EXPECT_EQ(sms_text_error("Grüße aus Köln — 日本 🎉"), "");
  EXPECT_NE(sms_text_error(""), "");
  EXPECT_NE(sms_text_error(std::string(kMaxSmsBytes + 1, 'a')), "");
  EXPECT_EQ(sms_text_error(std::string(kMaxSmsBytes, 'a')), "");
  EXPECT_NE(sms_text_error("bad \xc3"), "");
  EXPECT_NE(sms_text_error("bad \xc0\xaf"), "");      // overlong
  EXPECT_NE(sms_text_error("bad \xed\xa0\x80"), "");  // surrogate
  EXPECT_NE(sms_text_error(std::string("nul\0x", 5)), "");
}

// Feeds RFC 4733 packets through the real receiver into the collector, as CallMedia does.
struct Keypad {
  rtp::TelephoneEventReceiver rx;
  DtmfCollector collector{milliseconds(1000)};
  core::Clock::TimePoint now{std::chrono::seconds(100)};
  std::string keys;

  void packet(std::uint32_t ts, std::uint8_t event, std::uint16_t duration, bool end) {
    const auto notices = rx.on_packet(ts, rtp::TelephoneEventPayload{event, end, 10, duration});
    for (std::size_t i = 0; i < notices.count; ++i)
      if (auto k = collector.on_notice(notices.items[i], now)) keys += *k;
  }
  // One press as a phone sends it: growing durations every 20 ms, the end packet 3 times.
  void press(std::uint32_t ts, std::uint8_t event, const std::vector<bool>& lost = {}) {
    for (int i = 0; i < 8; ++i) {
      const bool end = i >= 5;
      const auto duration = static_cast<std::uint16_t>(160 * std::min(i + 1, 5));
      if (static_cast<std::size_t>(i) < lost.size() && lost[static_cast<std::size_t>(i)]) continue;
      packet(ts, event, duration, end);
      now += milliseconds(20);
    }
  }
  void wait(milliseconds d) {
    now += d;
    if (auto k = collector.poll(now)) keys += *k;
  }
};

TEST(DtmfCollectorTest, EveryKeyOnceWhateverRepeatsCarriedIt) {
  Keypad k;
  for (std::uint8_t e = 0; e < 12; ++e)
    k.press(1000 + e * 2000u, e);
  EXPECT_EQ(k.keys, "0123456789*#");
  // Duplicated and late packets of old events are not new presses.
  k.packet(1000 + 3 * 2000u, 3, 800, true);
  k.packet(1000 + 3 * 2000u, 3, 320, false);
  k.packet(1000 + 11 * 2000u, 11, 800, true);
  EXPECT_EQ(k.keys, "0123456789*#");
  EXPECT_EQ(k.collector.stats().keys, 12u);
  EXPECT_GE(k.collector.stats().repeats, 1u);
}

TEST(DtmfCollectorTest, LostEndPacketsTimeOutToOneKey) {
  Keypad k;
  k.press(5000, 7, {false, false, false, false, false, true, true, true});  // no end packet
  EXPECT_EQ(k.keys, "");
  ASSERT_TRUE(k.collector.deadline().has_value());
  k.wait(milliseconds(500));
  EXPECT_EQ(k.keys, "");
  k.wait(milliseconds(600));
  EXPECT_EQ(k.keys, "7");
  EXPECT_EQ(k.collector.stats().by_timeout, 1u);
  // A late end packet of the same event after the timeout is not a second key.
  k.packet(5000, 7, 800, true);
  k.wait(milliseconds(2000));
  EXPECT_EQ(k.keys, "7");
}

TEST(DtmfCollectorTest, NextEventBeforeTheEndKeepsBoth) {
  Keypad k;
  k.press(100, 1, {false, false, false, false, false, true, true, true});
  k.press(2100, 2);
  EXPECT_EQ(k.keys, "12");
}

TEST(DtmfCollectorTest, LossAt15PercentStillGivesEveryKeyOnce) {
  for (unsigned seed = 1; seed <= 50; ++seed) {
    Keypad k;
    unsigned state = seed;
    auto lost = [&state] {
      state = state * 1103515245u + 12345u;
      return (state >> 16) % 100 < 15;
    };
    for (std::uint8_t e = 0; e < 12; ++e) {
      std::vector<bool> drop(8);
      for (auto&& d : drop)
        d = lost();
      // A press whose every packet was lost never reached us: no key can be expected.
      bool all = true;
      for (bool d : drop)
        all = all && d;
      if (all) drop[0] = false;
      k.press(1000 + e * 2000u, e, drop);
      k.wait(milliseconds(100));
    }
    k.wait(milliseconds(1500));
    EXPECT_EQ(k.keys, "0123456789*#") << "seed " << seed;
  }
}

TEST(DtmfCollectorTest, UnknownEventsAndAbsurdDurationsAreIgnoredAndCounted) {
  Keypad k;
  k.press(100, 16);  // not a key (RFC 4734 tones)
  k.press(3000, 200);
  k.packet(6000, 4, 60000, false);  // 7.5 s at the first packet
  k.packet(6000, 4, 60000, true);
  k.packet(9000, 5, 160, false);
  k.packet(9000, 5, 50000, true);  // ends at 6.25 s
  k.wait(milliseconds(3000));
  EXPECT_EQ(k.keys, "");
  EXPECT_EQ(k.collector.stats().ignored_unknown, 2u);
  EXPECT_EQ(k.collector.stats().ignored_duration, 2u);
  k.press(12000, 9);
  EXPECT_EQ(k.keys, "9");
}

}  // namespace
}  // namespace va::call
