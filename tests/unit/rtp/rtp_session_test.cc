// RtpSession tests over the in-memory network and a simulated clock: strict learning, SSRC lock,
// RTP Bleed (CVE-2017-14099), the 5004/18920 gateway, stats, pacing, DTMF, RTCP.
#include "rtp/rtp_session.h"

#include <gtest/gtest.h>

#include <boost/asio/ip/address.hpp>
#include <vector>

#include "rtp/memory/memory_network.h"

namespace va::rtp {
namespace {

using namespace std::chrono_literals;

Endpoint ep(const char* ip, unsigned short port) {
  return {boost::asio::ip::make_address(ip), port};
}

std::vector<std::uint8_t> rtp_bytes(std::uint32_t ssrc, std::uint16_t seq, std::uint32_t ts,
                                    std::uint8_t pt = 0, std::uint8_t fill = 0xff,
                                    bool marker = false) {
  RtpHeader h;
  h.payload_type = pt;
  h.sequence_number = seq;
  h.timestamp = ts;
  h.ssrc = ssrc;
  h.marker = marker;
  std::vector<std::uint8_t> payload(160, fill);
  std::vector<std::uint8_t> out(200);
  out.resize(*build_rtp(h, payload, out));
  return out;
}

// One session on a local port, recording what it delivers.
struct Harness {
  Harness(MemoryNetwork& net, core::SimulatedClock& clock, Endpoint local, Endpoint sdp_remote,
          RtpSessionConfig config = {}) {
    auto sock = net.bind(local);
    EXPECT_TRUE(sock.has_value());
    RtpSessionEvents ev;
    ev.on_audio = [this](const RtpPacketView& p) {
      ssrcs.push_back(p.header.ssrc);
      fills.push_back(p.payload.empty() ? 0 : p.payload[0]);
    };
    ev.on_inactive = [this] { ++inactive; };
    ev.on_telephone_event = [this](const TelephoneEventNotice& n) { dtmf.push_back(n); };
    ev.on_rtcp = [this](const rtcp::Compound&) { ++rtcp; };
    session = std::make_unique<RtpSession>(
        std::move(*sock), nullptr, RemoteMedia{sdp_remote, sdp_remote, true}, config, clock, ev);
    session->start();
  }
  std::unique_ptr<RtpSession> session;
  std::vector<std::uint32_t> ssrcs;
  std::vector<std::uint8_t> fills;
  std::vector<TelephoneEventNotice> dtmf;
  int inactive = 0;
  int rtcp = 0;
};

// Sends `count` consecutive packets from `from` to `to`.
void stream(MemoryNetwork& net, Endpoint from, Endpoint to, std::uint32_t ssrc, std::uint16_t seq0,
            int count, std::uint8_t fill = 0xff) {
  for (int i = 0; i < count; ++i) {
    const auto seq = static_cast<std::uint16_t>(seq0 + i);
    net.inject(from, to, rtp_bytes(ssrc, seq, 160u * seq, 0, fill));
  }
}

// Captures what a session sends to a peer socket.
struct Capture {
  Capture(MemoryNetwork& net, Endpoint at) {
    sock = net.bind(at).value();
    sock->start([this](std::span<const std::uint8_t> d, const Endpoint&) {
      if (looks_like_rtcp(d)) {
        auto c = rtcp::parse_compound(d);
        EXPECT_TRUE(c.has_value());
        if (c) rtcp.push_back(*c);
        return;
      }
      auto p = parse_rtp(d);
      ASSERT_TRUE(p.has_value());
      headers.push_back(p->header);
      payloads.emplace_back(p->payload.begin(), p->payload.end());
    });
  }
  std::unique_ptr<DatagramSocket> sock;
  std::vector<RtpHeader> headers;
  std::vector<std::vector<std::uint8_t>> payloads;
  std::vector<rtcp::Compound> rtcp;
};

// The stage most tests share: one in-memory network, one simulated clock, our RTP port and
// the gateway's address from the SDP. open() starts the session under test there; capture()
// listens at the gateway for what it sends.
class RtpSessionTest : public ::testing::Test {
 protected:
  Harness& open(RtpSessionConfig config = {}) {
    harness_ = std::make_unique<Harness>(net, clock, local, gw, config);
    return *harness_;
  }
  Capture& capture() {
    capture_ = std::make_unique<Capture>(net, gw);
    return *capture_;
  }

  MemoryNetwork net;
  core::SimulatedClock clock;
  const Endpoint local = ep("127.0.0.1", 10000);
  const Endpoint gw = ep("10.0.0.5", 5004);

 private:
  std::unique_ptr<Harness> harness_;
  std::unique_ptr<Capture> capture_;
};

TEST_F(RtpSessionTest, SourceIsLockedAfterFourConsecutivePackets) {
  auto& h = open();
  stream(net, gw, local, 0x1111, 100, 3);
  EXPECT_FALSE(h.session->source_locked());
  EXPECT_EQ(h.session->stats().packets_probation, 3u);
  EXPECT_TRUE(h.ssrcs.empty());
  stream(net, gw, local, 0x1111, 103, 1);
  EXPECT_TRUE(h.session->source_locked());
  EXPECT_EQ(h.session->remote_ssrc(), 0x1111u);
  stream(net, gw, local, 0x1111, 104, 10);
  EXPECT_EQ(h.ssrcs.size(), 11u);
  EXPECT_EQ(h.session->stats().packets_received, 11u);
  EXPECT_EQ(h.session->stats().packets_lost, 0);
}

TEST_F(RtpSessionTest, GatewaySendingFromAnotherPortThanItsSdpIsLearned) {
  // The case that broke the old system: SDP says 5004, the gateway sends from 18920.
  const auto actual = ep("10.0.0.5", 18920);
  auto& h = open();
  stream(net, actual, local, 0xabc, 1, 6);
  EXPECT_TRUE(h.session->source_locked());
  EXPECT_EQ(h.session->remote_rtp(), actual);
  EXPECT_EQ(h.ssrcs.size(), 3u);  // packets 4, 5, 6
  // Our audio now goes back to where the gateway really sends from (symmetric RTP).
  auto peer = net.bind(actual);
  ASSERT_TRUE(peer.has_value());
  int got = 0;
  (*peer)->start([&](std::span<const std::uint8_t>, const Endpoint& from) {
    EXPECT_EQ(from, local);
    ++got;
  });
  const std::vector<std::uint8_t> frame(160, 0xd5);
  h.session->enqueue_frame(frame);
  h.session->on_pacer_tick();
  EXPECT_EQ(got, 1);
}

TEST_F(RtpSessionTest, TwoSessionsWithInterleavedStreamsFromOneHostNeverExchangeAPacket) {
  const auto local_a = ep("127.0.0.1", 10004), local_b = ep("127.0.0.1", 10006);
  const auto gw_a = ep("10.0.0.5", 20000), gw_b = ep("10.0.0.5", 20002);
  Harness a(net, clock, local_a, gw_a);
  Harness b(net, clock, local_b, gw_b);
  for (int i = 0; i < 200; ++i) {
    const auto seq = static_cast<std::uint16_t>(i);
    net.inject(gw_a, local_a, rtp_bytes(0xA, seq, 160u * i, 0, 0xAA));
    net.inject(gw_b, local_b,
               rtp_bytes(0xB, static_cast<std::uint16_t>(5000 + i), 160u * i, 0, 0xBB));
    clock.advance(10ms);
  }
  ASSERT_EQ(a.fills.size(), 197u);
  ASSERT_EQ(b.fills.size(), 197u);
  for (auto f : a.fills)
    EXPECT_EQ(f, 0xAA);
  for (auto f : b.fills)
    EXPECT_EQ(f, 0xBB);
  for (auto s : a.ssrcs)
    EXPECT_EQ(s, 0xAu);
  for (auto s : b.ssrcs)
    EXPECT_EQ(s, 0xBu);
  // Now the gateway misroutes: B's stream hits A's port. A drops it all as foreign.
  stream(net, gw_b, local_a, 0xB, 5200, 50, 0xBB);
  EXPECT_EQ(a.fills.size(), 197u);
  EXPECT_EQ(a.session->stats().packets_dropped_foreign, 50u);
  EXPECT_EQ(a.session->remote_ssrc(), 0xAu);
}

TEST_F(RtpSessionTest, AttackerFromAnotherAddressGetsNothingDuringOrAfterLearning) {
  const auto attacker = ep("192.0.2.66", 5004);
  auto& h = open();
  // During learning: a perfect in-sequence stream from another IP, before the real one.
  stream(net, attacker, local, 0xBAD, 1, 20, 0x66);
  EXPECT_FALSE(h.session->source_locked());
  stream(net, gw, local, 0x600D, 1, 10, 0x11);
  ASSERT_TRUE(h.session->source_locked());
  // After learning: same SSRC as the locked one, other IP, and other port on the gateway's IP.
  stream(net, attacker, local, 0x600D, 11, 20, 0x66);
  stream(net, ep("10.0.0.5", 5006), local, 0x600D, 31, 20, 0x66);
  // Spoofed locked address, different SSRC, sequence numbers that never run consecutively.
  for (int i = 0; i < 20; ++i)
    net.inject(gw, local, rtp_bytes(0xBAD, static_cast<std::uint16_t>(i * 7), 0, 0, 0x66));
  for (auto f : h.fills)
    EXPECT_EQ(f, 0x11);
  EXPECT_EQ(h.fills.size(), 7u);
  EXPECT_EQ(h.session->stats().packets_dropped_foreign, 60u);
  EXPECT_EQ(h.session->remote_ssrc(), 0x600Du);
}

TEST_F(RtpSessionTest, AttackerInterleavingWithTheGatewayDoesNotDelayOrStealLearning) {
  auto& h = open();
  for (int i = 0; i < 10; ++i) {
    net.inject(ep("192.0.2.1", 4000), local,
               rtp_bytes(0xBAD, static_cast<std::uint16_t>(i), 0, 0, 0x66));
    net.inject(gw, local, rtp_bytes(0x600D, static_cast<std::uint16_t>(i), 0, 0, 0x11));
  }
  EXPECT_EQ(h.fills.size(), 7u);
  for (auto f : h.fills)
    EXPECT_EQ(f, 0x11);
}

TEST_F(RtpSessionTest, NewSourceIsNotLearnedAfterTheWindowCloses) {
  auto& h = open();
  clock.advance(5s);
  stream(net, ep("10.0.0.5", 18920), local, 1, 1, 10);  // SDP's IP but another port: too late
  EXPECT_FALSE(h.session->source_locked());
  EXPECT_EQ(h.session->stats().packets_dropped_foreign, 10u);
  stream(net, gw, local, 1, 20, 5);  // exactly the SDP address is still learnable (rule 3b)
  EXPECT_TRUE(h.session->source_locked());
  EXPECT_EQ(h.ssrcs.size(), 2u);
}

TEST_F(RtpSessionTest, RenegotiateReopensLearningForTheNewAddress) {
  const auto& old_gw = gw;
  const auto new_gw = ep("10.0.0.9", 7000);
  auto& h = open();
  stream(net, old_gw, local, 1, 1, 5);
  clock.advance(10s);
  stream(net, new_gw, local, 2, 1, 5);
  EXPECT_EQ(h.session->remote_rtp(), old_gw);
  h.session->renegotiate(RemoteMedia{new_gw, new_gw, true});
  stream(net, old_gw, local, 1, 6, 2);  // the old source still plays until replaced
  stream(net, new_gw, local, 2, 10, 5);
  EXPECT_EQ(h.session->remote_rtp(), new_gw);
  EXPECT_EQ(h.session->remote_ssrc(), 2u);
  stream(net, old_gw, local, 1, 8, 3);
  EXPECT_EQ(h.ssrcs.size(), 2u + 2u + 2u);
  EXPECT_EQ(h.ssrcs.back(), 2u);
}

TEST_F(RtpSessionTest, SsrcChangeFromLockedAddressNeedsProbation) {
  auto& h = open();
  stream(net, gw, local, 1, 1, 5);
  clock.advance(60s);  // long after the window: a gateway restart picks a new SSRC
  stream(net, gw, local, 2, 900, 3);
  EXPECT_EQ(h.session->remote_ssrc(), 1u);
  EXPECT_EQ(h.session->stats().packets_probation, 3u + 3u);
  stream(net, gw, local, 2, 903, 2);
  EXPECT_EQ(h.session->remote_ssrc(), 2u);
  EXPECT_EQ(h.session->stats().ssrc_changes, 1u);
  EXPECT_EQ(h.session->stats().packets_lost, 0);  // statistics restarted for the new SSRC
  // The old SSRC is now a candidate like any other: short of a full run it gets nothing.
  stream(net, gw, local, 1, 6, 3);
  EXPECT_EQ(h.ssrcs.back(), 2u);
  EXPECT_EQ(h.session->remote_ssrc(), 2u);
}

TEST_F(RtpSessionTest, CountsLateDuplicateAndLost) {
  auto& h = open();
  stream(net, gw, local, 1, 1, 4);
  for (std::uint16_t s : {5, 7, 6, 6, 10})
    net.inject(gw, local, rtp_bytes(1, s, 160u * s));
  const auto& st = h.session->stats();
  EXPECT_EQ(st.packets_late, 1u);
  EXPECT_EQ(st.packets_duplicate, 1u);
  EXPECT_EQ(st.packets_lost, 2);  // 8 and 9
  EXPECT_EQ(st.packets_received, 5u);
}

TEST_F(RtpSessionTest, MalformedAndWrongPayloadAreCounted) {
  auto& h = open();
  const std::vector<std::uint8_t> junk{0x80, 0, 1};
  net.inject(gw, local, junk);
  stream(net, gw, local, 1, 1, 4);
  net.inject(gw, local, rtp_bytes(1, 5, 800, 18));
  EXPECT_EQ(h.session->stats().packets_malformed, 1u);
  EXPECT_EQ(h.session->stats().packets_wrong_payload, 1u);
  EXPECT_EQ(h.ssrcs.size(), 1u);
}

TEST_F(RtpSessionTest, InactivityIsReportedOnceUntilPacketsFlowAgain) {
  RtpSessionConfig cfg;
  cfg.inactivity_timeout = 2s;
  auto& h = open(cfg);
  stream(net, gw, local, 1, 1, 4);
  for (int i = 0; i < 99; ++i) {
    clock.advance(20ms);
    h.session->on_pacer_tick();
  }
  EXPECT_EQ(h.inactive, 0);
  clock.advance(20ms);
  h.session->on_pacer_tick();
  EXPECT_EQ(h.inactive, 1);
  clock.advance(5s);
  h.session->on_pacer_tick();
  EXPECT_EQ(h.inactive, 1);
  stream(net, gw, local, 1, 5, 1);
  clock.advance(2s);
  h.session->on_pacer_tick();
  EXPECT_EQ(h.inactive, 2);
}

TEST_F(RtpSessionTest, PacedSendKeepsTimestampsContinuousAndMarksTalkSpurts) {
  RtpSessionConfig cfg;
  cfg.local_ssrc = 0x5eed;
  cfg.initial_seq = 65534;
  cfg.initial_timestamp = 1000;
  auto& h = open(cfg);
  auto& cap = capture();
  const std::vector<std::uint8_t> frame(160, 0x7f);
  for (int i = 0; i < 3; ++i)
    h.session->enqueue_frame(frame);
  for (int i = 0; i < 5; ++i)
    h.session->on_pacer_tick();  // 3 frames, then 2 silent ticks
  h.session->enqueue_frame(frame);
  h.session->enqueue_frame(frame);
  h.session->on_pacer_tick();
  h.session->on_pacer_tick();
  ASSERT_EQ(cap.headers.size(), 5u);
  const std::uint32_t ts[] = {1000, 1160, 1320, 1800, 1960};
  const bool marker[] = {true, false, false, true, false};
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(cap.headers[i].timestamp, ts[i]) << i;
    EXPECT_EQ(cap.headers[i].marker, marker[i]) << i;
    EXPECT_EQ(cap.headers[i].sequence_number, static_cast<std::uint16_t>(65534 + i)) << i;
    EXPECT_EQ(cap.headers[i].ssrc, 0x5eedu);
  }
  EXPECT_EQ(h.session->stats().packets_sent, 5u);
}

// Three frames, two ticks with nothing queued, one more frame: what the gateway gets.
void three_frames_two_quiet_ticks_one_frame(Harness& h, const std::vector<std::uint8_t>& frame) {
  for (int i = 0; i < 3; ++i)
    h.session->enqueue_frame(frame);
  for (int i = 0; i < 5; ++i)
    h.session->on_pacer_tick();  // 3 frames, then 2 quiet ticks
  h.session->enqueue_frame(frame);
  h.session->on_pacer_tick();
}

TEST_F(RtpSessionTest, QuietTicksSendTheCodecsSilenceSoTheStreamNeverPauses) {
  RtpSessionConfig cfg;
  cfg.initial_timestamp = 1000;
  cfg.send_silence = true;
  cfg.silence_payload.assign(160, 0xff);  // PCMU silence
  auto& h = open(cfg);
  auto& cap = capture();
  const std::vector<std::uint8_t> frame(160, 0x7f);
  three_frames_two_quiet_ticks_one_frame(h, frame);
  ASSERT_EQ(cap.headers.size(), 6u);
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(cap.headers[i].timestamp, 1000u + 160u * i) << i;
    EXPECT_EQ(cap.headers[i].marker, i == 0) << i;  // one continuous stream
    EXPECT_EQ(cap.payloads[i], (i == 3 || i == 4) ? cfg.silence_payload : frame) << i;
  }
  EXPECT_EQ(h.session->stats().silence_sent, 2u);
  EXPECT_EQ(h.session->stats().packets_sent, 6u);
}

TEST_F(RtpSessionTest, WithoutSilenceQuietTicksLeaveAGapAndANewTalkSpurt) {
  RtpSessionConfig cfg;
  cfg.initial_timestamp = 1000;
  cfg.send_silence = false;
  cfg.silence_payload.assign(160, 0xff);
  auto& h = open(cfg);
  auto& cap = capture();
  three_frames_two_quiet_ticks_one_frame(h, std::vector<std::uint8_t>(160, 0x7f));
  ASSERT_EQ(cap.headers.size(), 4u);  // suppression: a gap, and a new talk spurt
  EXPECT_TRUE(cap.headers[3].marker);
  EXPECT_EQ(h.session->stats().silence_sent, 0u);
}

TEST_F(RtpSessionTest, FlushDropsQueuedFramesAtOnce) {
  auto& h = open();
  auto& cap = capture();
  const std::vector<std::uint8_t> frame(160, 1);
  for (int i = 0; i < 50; ++i)
    h.session->enqueue_frame(frame);
  h.session->on_pacer_tick();
  h.session->flush();
  EXPECT_EQ(h.session->queued_frames(), 0u);
  h.session->on_pacer_tick();
  EXPECT_EQ(cap.headers.size(), 1u);
  h.session->enqueue_frame(frame);
  h.session->on_pacer_tick();
  ASSERT_EQ(cap.headers.size(), 2u);
  EXPECT_TRUE(cap.headers[1].marker);
  EXPECT_EQ(cap.headers[1].timestamp - cap.headers[0].timestamp, 320u);
}

TEST_F(RtpSessionTest, PlayoutQueueOverflowIsCountedNotFatal) {
  RtpSessionConfig cfg;
  cfg.max_queued_frames = 10;
  auto& h = open(cfg);
  const std::vector<std::uint8_t> frame(160, 1);
  for (int i = 0; i < 12; ++i)
    h.session->enqueue_frame(frame);
  EXPECT_EQ(h.session->queued_frames(), 10u);
  EXPECT_EQ(h.session->stats().frames_overflowed, 2u);
  const std::vector<std::uint8_t> huge(400, 1);
  EXPECT_FALSE(h.session->enqueue_frame(huge));
}

TEST_F(RtpSessionTest, TelephoneEventsAreSentWithEndRepeatedAndReceivedOnce) {
  auto& h = open();
  auto& cap = capture();
  h.session->send_telephone_event(5, 800);
  for (int i = 0; i < 8; ++i)
    h.session->on_pacer_tick();
  ASSERT_EQ(cap.headers.size(), 7u);  // 800/160 = 5 packets, the last one sent 3 times
  for (std::size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(cap.headers[i].payload_type, 101);
    EXPECT_EQ(cap.headers[i].timestamp, cap.headers[0].timestamp);
    EXPECT_EQ(cap.headers[i].marker, i == 0);
    auto e = TelephoneEventPayload::parse(cap.payloads[i]);
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->event, 5);
    EXPECT_EQ(e->duration, std::min<std::size_t>(800, 160 * (i + 1)));
    EXPECT_EQ(e->end, i >= 4);
  }
  // Feed the captured packets back into a session: one Begin and one End, not three.
  stream(net, gw, local, 1, 1, 4);
  for (std::size_t i = 0; i < 7; ++i) {
    auto hdr = cap.headers[i];
    hdr.ssrc = 1;
    hdr.sequence_number = static_cast<std::uint16_t>(5 + i);
    std::vector<std::uint8_t> out(64);
    out.resize(*build_rtp(hdr, cap.payloads[i], out));
    net.inject(gw, local, out);
  }
  ASSERT_EQ(h.dtmf.size(), 2u);
  EXPECT_EQ(h.dtmf[0].kind, TelephoneEventNotice::Kind::Begin);
  EXPECT_EQ(h.dtmf[1].kind, TelephoneEventNotice::Kind::End);
  EXPECT_EQ(h.dtmf[1].event, 5);
  EXPECT_EQ(h.dtmf[1].duration, 800);
}

TEST_F(RtpSessionTest, QueuedTelephoneEventsLeaveInTurnWithTheirOwnTimestamps) {
  auto& h = open();
  auto& cap = capture();
  for (std::uint8_t e : {1, 11, 3})
    ASSERT_TRUE(h.session->send_telephone_event(e, 320));
  EXPECT_EQ(h.session->telephone_events_pending(), 3u);
  // Each: 320/160 = 2 packets, the last 3 times (4 packets), then 3 ticks of audio.
  for (int i = 0; i < 3 * (4 + RtpSession::kTelephoneEventGapTicks); ++i)
    h.session->on_pacer_tick();
  EXPECT_EQ(h.session->telephone_events_pending(), 0u);
  std::vector<std::pair<std::uint32_t, std::uint8_t>> events;  // (timestamp, event) in order
  for (std::size_t i = 0; i < cap.headers.size(); ++i) {
    if (cap.headers[i].payload_type != 101) continue;
    auto e = TelephoneEventPayload::parse(cap.payloads[i]);
    ASSERT_TRUE(e.has_value());
    if (events.empty() || events.back().first != cap.headers[i].timestamp) {
      EXPECT_TRUE(cap.headers[i].marker);
      events.emplace_back(cap.headers[i].timestamp, e->event);
    }
  }
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].second, 1);
  EXPECT_EQ(events[1].second, 11);
  EXPECT_EQ(events[2].second, 3);
  // 4 event ticks and 3 gap ticks of 160 apart.
  EXPECT_EQ(events[1].first - events[0].first, 160u * (4 + RtpSession::kTelephoneEventGapTicks));
  EXPECT_EQ(events[2].first - events[1].first, 160u * (4 + RtpSession::kTelephoneEventGapTicks));
  // Bounded: the 65th queued event is refused.
  for (std::size_t i = 0; i < RtpSession::kMaxQueuedTelephoneEvents; ++i)
    ASSERT_TRUE(h.session->send_telephone_event(1, 160));
  EXPECT_FALSE(h.session->send_telephone_event(1, 160));
}

TEST_F(RtpSessionTest, RtcpReportsCarryReceptionStatsAndForeignRtcpIsDropped) {
  RtpSessionConfig cfg;
  cfg.local_ssrc = 42;
  cfg.cname = "va-test";
  auto& h = open(cfg);
  auto& cap = capture();
  stream(net, gw, local, 7, 1, 4);
  for (std::uint16_t s : {5, 6, 9})
    net.inject(gw, local, rtp_bytes(7, s, 160u * s));
  ASSERT_FALSE(h.session->send_rtcp_report());
  ASSERT_EQ(cap.rtcp.size(), 1u);
  const auto& rr = cap.rtcp[0].receiver_reports;
  ASSERT_EQ(rr.size(), 1u);
  EXPECT_EQ(rr[0].ssrc, 42u);
  ASSERT_EQ(rr[0].report_blocks.size(), 1u);
  EXPECT_EQ(rr[0].report_blocks[0].ssrc, 7u);
  EXPECT_EQ(rr[0].report_blocks[0].cumulative_lost, 2);
  EXPECT_EQ(rr[0].report_blocks[0].extended_highest_seq, 9u);
  EXPECT_EQ(cap.rtcp[0].sdes[0].chunks[0].items[0].text, "va-test");
  // After sending media, the report is an SR. It goes out on the pacer's schedule (5 s).
  const std::vector<std::uint8_t> frame(160, 1);
  h.session->enqueue_frame(frame);
  clock.advance(5s);
  h.session->on_pacer_tick();
  ASSERT_EQ(cap.rtcp.size(), 2u);
  ASSERT_EQ(cap.rtcp[1].sender_reports.size(), 1u);
  EXPECT_EQ(cap.rtcp[1].sender_reports[0].packet_count, 1u);
  EXPECT_EQ(cap.rtcp[1].sender_reports[0].octet_count, 160u);
  // Inbound RTCP from the source's host is taken; from elsewhere it is foreign.
  std::vector<std::uint8_t> out(cap.rtcp[0].size());
  ASSERT_TRUE(cap.rtcp[0].serialize(out).has_value());
  net.inject(gw, local, out);
  net.inject(ep("192.0.2.9", 5005), local, out);
  EXPECT_EQ(h.rtcp, 1);
  EXPECT_EQ(h.session->stats().rtcp_received, 1u);
}

TEST_F(RtpSessionTest, CloseSendsByeAndStopsDelivery) {
  auto& h = open();
  auto& cap = capture();
  stream(net, gw, local, 7, 1, 5);
  h.session->close();
  ASSERT_EQ(cap.rtcp.size(), 1u);
  EXPECT_EQ(cap.rtcp[0].byes.size(), 1u);
  EXPECT_FALSE(net.inject(gw, local, rtp_bytes(7, 6, 960)));
  EXPECT_EQ(h.ssrcs.size(), 2u);
}

}  // namespace
}  // namespace va::rtp
