// SrtpSession (RFC 3711 over libsrtp2) and RtpSession under SRTP: round trips, replay, bad
// tags, and the rule that a forged packet never reaches source learning.
#include "rtp/srtp_session.h"

#include <gtest/gtest.h>

#include <boost/asio/ip/address.hpp>
#include <vector>

#include "rtp/errc.h"
#include "rtp/memory/memory_network.h"
#include "rtp/rtp_session.h"

namespace va::rtp {
namespace {

using namespace std::chrono_literals;

Endpoint ep(const char* ip, unsigned short port) {
  return {boost::asio::ip::make_address(ip), port};
}

std::vector<std::uint8_t> rtp_bytes(std::uint32_t ssrc, std::uint16_t seq, std::uint8_t fill) {
  RtpHeader h;
  h.payload_type = 0;
  h.sequence_number = seq;
  h.timestamp = 160u * seq;
  h.ssrc = ssrc;
  std::vector<std::uint8_t> payload(160, fill);
  std::vector<std::uint8_t> out(200);
  out.resize(*build_rtp(h, payload, out));
  return out;
}

// Our side and the peer's side of one call: each sends with its own key.
struct KeyPair {
  SrtpMasterKey ours = random_srtp_master_key();
  SrtpMasterKey theirs = random_srtp_master_key();
  SrtpParams local(SrtpSuite suite = SrtpSuite::AesCm128HmacSha1_80) const {
    return {suite, ours, theirs};
  }
  SrtpParams peer(SrtpSuite suite = SrtpSuite::AesCm128HmacSha1_80) const {
    return {suite, theirs, ours};
  }
};

std::vector<std::uint8_t> protect(SrtpSession& s, std::vector<std::uint8_t> plain) {
  const std::size_t n = plain.size();
  plain.resize(n + kSrtpMaxOverhead);
  auto len = s.protect_rtp(plain, n);
  EXPECT_TRUE(len.has_value());
  plain.resize(len ? *len : 0);
  return plain;
}

TEST(SrtpSession, RandomKeysDiffer) {
  EXPECT_NE(random_srtp_master_key(), random_srtp_master_key());
}

TEST(SrtpSession, ProtectThenUnprotectGivesThePacketBackForBothSuites) {
  const KeyPair keys;
  for (auto suite : {SrtpSuite::AesCm128HmacSha1_80, SrtpSuite::AesCm128HmacSha1_32}) {
    auto peer = SrtpSession::create(keys.peer(suite)).value();
    auto ours = SrtpSession::create(keys.local(suite)).value();
    const auto plain = rtp_bytes(0x1234, 7, 0x55);
    const auto wire = protect(*peer, plain);
    const std::size_t tag = suite == SrtpSuite::AesCm128HmacSha1_80 ? 10 : 4;
    ASSERT_EQ(wire.size(), plain.size() + tag);
    // The payload is encrypted: the fill byte no longer shows.
    EXPECT_NE(std::vector(wire.begin() + 12, wire.begin() + 172),
              std::vector(plain.begin() + 12, plain.end()));
    auto back = ours->unprotect_rtp(wire);
    ASSERT_TRUE(back.has_value()) << back.error().message();
    EXPECT_EQ(std::vector(back->begin(), back->end()), plain);
  }
}

TEST(SrtpSession, ReplayedPacketIsRefused) {
  const KeyPair keys;
  auto peer = SrtpSession::create(keys.peer()).value();
  auto ours = SrtpSession::create(keys.local()).value();
  const auto wire = protect(*peer, rtp_bytes(0x1234, 7, 0x55));
  ASSERT_TRUE(ours->unprotect_rtp(wire).has_value());
  auto again = ours->unprotect_rtp(wire);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error(), Errc::SrtpReplay);
}

TEST(SrtpSession, BadTagWrongKeyAndPlainRtpAreRefused) {
  const KeyPair keys;
  auto peer = SrtpSession::create(keys.peer()).value();
  auto ours = SrtpSession::create(keys.local()).value();
  auto wire = protect(*peer, rtp_bytes(0x1234, 7, 0x55));
  wire.back() ^= 0x01;
  EXPECT_EQ(ours->unprotect_rtp(wire).error(), Errc::SrtpAuthFailed);
  // A stranger's key (same suite, same SSRC) does not verify either.
  auto stranger = SrtpSession::create(KeyPair{}.peer()).value();
  EXPECT_EQ(ours->unprotect_rtp(protect(*stranger, rtp_bytes(0x1234, 8, 0x55))).error(),
            Errc::SrtpAuthFailed);
  EXPECT_EQ(ours->unprotect_rtp(rtp_bytes(0x1234, 9, 0x55)).error(), Errc::SrtpAuthFailed);
  // The genuine packet still passes after all that (the forgeries left no state behind).
  wire.back() ^= 0x01;
  EXPECT_TRUE(ours->unprotect_rtp(wire).has_value());
}

TEST(SrtpSession, TooShortAndOversizedInputIsAnErrorNotACrash) {
  auto ours = SrtpSession::create(KeyPair{}.local()).value();
  EXPECT_EQ(ours->unprotect_rtp(std::vector<std::uint8_t>(5, 0x80)).error(), Errc::SrtpFailed);
  EXPECT_EQ(ours->unprotect_rtp(std::vector<std::uint8_t>(3000, 0x80)).error(), Errc::SrtpFailed);
  EXPECT_EQ(ours->unprotect_rtcp(std::vector<std::uint8_t>(12, 0x80)).error(), Errc::SrtpFailed);
  std::vector<std::uint8_t> full(100, 0x80);
  EXPECT_FALSE(ours->protect_rtp(full, 100).has_value());  // no room for the tag
}

TEST(SrtpSession, RtcpRoundTripAndBadTag) {
  const KeyPair keys;
  for (auto suite : {SrtpSuite::AesCm128HmacSha1_80, SrtpSuite::AesCm128HmacSha1_32}) {
    auto peer = SrtpSession::create(keys.peer(suite)).value();
    auto ours = SrtpSession::create(keys.local(suite)).value();
    rtcp::Compound c;
    c.receiver_reports.push_back(rtcp::ReceiverReport{0x4242, {}});
    std::vector<std::uint8_t> buf(200);
    const std::size_t n = c.serialize(buf).value();
    const std::vector<std::uint8_t> plain(buf.begin(), buf.begin() + static_cast<long>(n));
    auto len = peer->protect_rtcp(buf, n);
    ASSERT_TRUE(len.has_value());
    EXPECT_EQ(*len, n + 4 + 10);  // E flag and index, then the 80-bit tag (RFC 4568 6.2.2)
    buf.resize(*len);
    auto bad = buf;
    bad.back() ^= 0x80;
    EXPECT_EQ(ours->unprotect_rtcp(bad).error(), Errc::SrtpAuthFailed);
    auto back = ours->unprotect_rtcp(buf);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(std::vector(back->begin(), back->end()), plain);
  }
}

// RtpSession with SRTP on the in-memory network, a peer SrtpSession playing the gateway.
class SrtpRtpSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto sock = net.bind(local);
    ASSERT_TRUE(sock.has_value());
    RtpSessionEvents ev;
    ev.on_audio = [this](const RtpPacketView& p) { fills.push_back(p.payload[0]); };
    ev.on_telephone_event = [this](const TelephoneEventNotice&) { ++dtmf; };
    session = std::make_unique<RtpSession>(std::move(*sock), nullptr, RemoteMedia{gw, gw, true},
                                           RtpSessionConfig{}, clock, ev);
    session->protect_with(SrtpSession::create(keys.local()).value());
    session->start();
  }
  void send_from(Endpoint from, std::uint32_t ssrc, std::uint16_t seq0, int count,
                 std::uint8_t fill) {
    for (int i = 0; i < count; ++i) {
      const auto seq = static_cast<std::uint16_t>(seq0 + i);
      net.inject(from, local, protect(*gateway, rtp_bytes(ssrc, seq, fill)));
    }
  }

  MemoryNetwork net;
  core::SimulatedClock clock;
  const Endpoint local = ep("127.0.0.1", 10000);
  const Endpoint gw = ep("10.0.0.5", 5004);
  const KeyPair keys;
  std::unique_ptr<SrtpSession> gateway = SrtpSession::create(keys.peer()).value();
  std::unique_ptr<RtpSession> session;
  std::vector<std::uint8_t> fills;
  int dtmf = 0;
};

TEST_F(SrtpRtpSessionTest, AuthenticatedStreamIsLearnedAndDelivered) {
  send_from(gw, 0x600D, 1, 10, 0x11);
  EXPECT_TRUE(session->source_locked());
  EXPECT_EQ(fills.size(), 7u);
  EXPECT_EQ(session->stats().packets_dropped_auth, 0u);
}

TEST_F(SrtpRtpSessionTest, ForgedPacketsNeverMoveTheSourceAndAreCounted) {
  const auto attacker = ep("192.0.2.66", 5004);
  // Before the real stream: an attacker's perfect plain-RTP run, and one with a stranger's key.
  for (int i = 0; i < 10; ++i)
    net.inject(attacker, local, rtp_bytes(0xBAD, static_cast<std::uint16_t>(i), 0x66));
  auto stranger = SrtpSession::create(KeyPair{}.peer()).value();
  for (int i = 0; i < 10; ++i)
    net.inject(attacker, local, protect(*stranger, rtp_bytes(0xBAD, 100 + i, 0x66)));
  EXPECT_FALSE(session->source_locked());
  EXPECT_EQ(session->stats().packets_probation, 0u);  // learning never even saw them
  send_from(gw, 0x600D, 1, 10, 0x11);
  ASSERT_TRUE(session->source_locked());
  // After the lock: genuine packets replayed from elsewhere, and a tampered one from the gateway.
  auto genuine = protect(*gateway, rtp_bytes(0x600D, 11, 0x11));
  net.inject(gw, local, genuine);
  net.inject(attacker, local, genuine);
  genuine = protect(*gateway, rtp_bytes(0x600D, 12, 0x66));
  genuine[20] ^= 0xff;
  net.inject(gw, local, genuine);
  EXPECT_EQ(session->stats().packets_dropped_auth, 22u);
  EXPECT_EQ(session->remote_rtp(), gw);
  EXPECT_EQ(session->remote_ssrc(), 0x600Du);
  for (auto f : fills)
    EXPECT_EQ(f, 0x11);
  EXPECT_EQ(fills.size(), 8u);
}

TEST_F(SrtpRtpSessionTest, WhatWeSendIsProtectedAudioAndTelephoneEventsAlike) {
  auto peer_sock = net.bind(gw).value();
  std::vector<std::vector<std::uint8_t>> plain;
  int undecodable = 0;
  peer_sock->start([&](std::span<const std::uint8_t> d, const Endpoint&) {
    if (looks_like_rtcp(d)) return;
    auto back = gateway->unprotect_rtp(d);
    if (!back) return void(++undecodable);
    plain.emplace_back(back->begin(), back->end());
  });
  const std::vector<std::uint8_t> frame(160, 0xd5);
  session->enqueue_frame(frame);
  session->on_pacer_tick();
  ASSERT_TRUE(session->send_telephone_event(5, 160 * 3));
  for (int i = 0; i < 8; ++i)
    session->on_pacer_tick();
  EXPECT_EQ(undecodable, 0);
  ASSERT_GE(plain.size(), 4u);
  auto first = parse_rtp(plain[0]).value();
  EXPECT_EQ(first.payload[0], 0xd5);
  bool saw_event = false;
  for (const auto& p : plain)
    saw_event = saw_event || parse_rtp(p).value().header.payload_type == 101;
  EXPECT_TRUE(saw_event);
}

TEST_F(SrtpRtpSessionTest, RtcpOutIsSrtcpAndForgedRtcpIsDropped) {
  send_from(gw, 0x600D, 1, 10, 0x11);
  auto peer_sock = net.bind(gw).value();
  int srtcp_ok = 0;
  peer_sock->start([&](std::span<const std::uint8_t> d, const Endpoint&) {
    if (looks_like_rtcp(d) && gateway->unprotect_rtcp(d)) ++srtcp_ok;
  });
  ASSERT_FALSE(session->send_rtcp_report());
  EXPECT_EQ(srtcp_ok, 1);
  rtcp::Compound c;
  c.receiver_reports.push_back(rtcp::ReceiverReport{0x600D, {}});
  std::vector<std::uint8_t> buf(200);
  buf.resize(c.serialize(buf).value());
  buf.resize(buf.size() + 14, 0);  // a plausible SRTCP trailer with a zero tag
  const auto before = session->stats().packets_dropped_auth;
  net.inject(gw, local, buf);
  EXPECT_EQ(session->stats().packets_dropped_auth, before + 1);
  EXPECT_EQ(session->stats().rtcp_received, 0u);
}

}  // namespace
}  // namespace va::rtp
