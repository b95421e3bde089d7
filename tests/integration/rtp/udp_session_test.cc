// RtpSession over real loopback UDP with the shard pacer: learning, 20 ms pacing, isolation.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <vector>

#include "rtp/pacer.h"
#include "rtp/port_pool.h"
#include "rtp/rtp_session.h"

namespace va::rtp {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;

std::vector<std::uint8_t> packet(std::uint32_t ssrc, std::uint16_t seq, std::uint8_t fill) {
  RtpHeader h;
  h.sequence_number = seq;
  h.timestamp = 160u * seq;
  h.ssrc = ssrc;
  std::vector<std::uint8_t> payload(160, fill), out(200);
  out.resize(*build_rtp(h, payload, out));
  return out;
}

// Runs the context until pred() holds or the deadline passes; returns pred().
template <class Pred>
bool run_until(asio::io_context& ctx, Pred pred, std::chrono::milliseconds limit = 3000ms) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!pred() && std::chrono::steady_clock::now() < deadline) {
    ctx.run_for(5ms);
    if (ctx.stopped()) ctx.restart();
  }
  return pred();
}

struct Peer {
  explicit Peer(asio::io_context& ctx)
      : socket(ctx, asio::ip::udp::endpoint(asio::ip::address_v4::loopback(), 0)) {
    socket.non_blocking(true);
  }
  void send(const std::vector<std::uint8_t>& d, const asio::ip::udp::endpoint& to) {
    socket.send_to(asio::buffer(d), to);
  }
  // Reads whatever has arrived; returns parsed headers.
  void poll() {
    std::array<std::uint8_t, 2048> buf;
    for (;;) {
      asio::ip::udp::endpoint from;
      boost::system::error_code ec;
      const auto n = socket.receive_from(asio::buffer(buf), from, 0, ec);
      if (ec) return;
      auto p = parse_rtp({buf.data(), n});
      if (p) {
        headers.push_back(p->header);
        arrivals.push_back(std::chrono::steady_clock::now());
      }
    }
  }
  asio::ip::udp::socket socket;
  std::vector<RtpHeader> headers;
  std::vector<std::chrono::steady_clock::time_point> arrivals;
};

TEST(UdpRtpSession, TwoCallsOnTheirOwnPortsStayApartAndArePacedAtTwentyMs) {
  asio::io_context ctx;
  PortPool pool({31000, 31999, 30s}, core::Clock::steady());
  Pacer pacer(ctx);
  Peer gw_a(ctx), gw_b(ctx);
  struct Call {
    std::unique_ptr<RtpSession> session;
    std::vector<std::uint8_t> fills;
  };
  std::vector<Call> calls(2);
  Peer* peers[2] = {&gw_a, &gw_b};
  for (int i = 0; i < 2; ++i) {
    std::unique_ptr<DatagramSocket> sock;
    for (int attempt = 0; attempt < 20 && !sock; ++attempt) {
      auto lease = pool.allocate(true);
      ASSERT_TRUE(lease.has_value());
      auto s = DatagramSocket::create_udp(ctx, {asio::ip::address_v4::loopback(), lease->rtp_port});
      if (s) sock = std::move(*s);
    }
    ASSERT_TRUE(sock);
    RtpSessionEvents ev;
    ev.on_audio = [&calls, i](const RtpPacketView& p) { calls[i].fills.push_back(p.payload[0]); };
    RtpSessionConfig cfg;
    cfg.local_ssrc = 100u + i;
    const auto remote = peers[i]->socket.local_endpoint();
    calls[i].session =
        std::make_unique<RtpSession>(std::move(sock), nullptr, RemoteMedia{remote, remote, true},
                                     cfg, core::Clock::steady(), ev);
    calls[i].session->start();
    pacer.add(calls[i].session.get());
  }
  const auto local_a = calls[0].session->local_endpoint();
  const auto local_b = calls[1].session->local_endpoint();
  ASSERT_NE(local_a.port(), local_b.port());
  for (std::uint16_t s = 0; s < 20; ++s) {
    gw_a.send(packet(0xA, s, 0xAA), local_a);
    gw_b.send(packet(0xB, s, 0xBB), local_b);
    gw_b.send(packet(0xB, static_cast<std::uint16_t>(s + 100), 0xBB), local_a);  // misrouted
  }
  // Both gateways share 127.0.0.1, the SDP's IP, so before A locks the misrouted stream is a
  // candidate (probation); after, it is foreign. Either way none of it is delivered.
  const auto& st = calls[0].session->stats();
  ASSERT_TRUE(run_until(ctx, [&] {
    return calls[0].fills.size() >= 17 && calls[1].fills.size() >= 17 &&
           st.packets_dropped_foreign + st.packets_probation >= 20 + 3;
  }));
  for (auto f : calls[0].fills)
    EXPECT_EQ(f, 0xAA);
  for (auto f : calls[1].fills)
    EXPECT_EQ(f, 0xBB);
  EXPECT_EQ(st.packets_dropped_foreign + st.packets_probation, 23u);  // 20 misrouted + A's 3
  EXPECT_GE(st.packets_dropped_foreign, 16u);

  const std::vector<std::uint8_t> frame(160, 0x55);
  for (int i = 0; i < 25; ++i)
    calls[0].session->enqueue_frame(frame);
  pacer.start();
  ASSERT_TRUE(run_until(ctx, [&] {
    gw_a.poll();
    return gw_a.headers.size() >= 25;
  }));
  const auto span = gw_a.arrivals.back() - gw_a.arrivals.front();
  // 24 intervals of 20 ms = 480 ms; allow scheduling noise on a shared machine.
  EXPECT_GT(span, 400ms);
  EXPECT_LT(span, 700ms);
  EXPECT_TRUE(gw_a.headers.front().marker);
  for (std::size_t i = 1; i < gw_a.headers.size(); ++i)
    EXPECT_EQ(gw_a.headers[i].timestamp - gw_a.headers[i - 1].timestamp, 160u);
  gw_b.poll();
  EXPECT_TRUE(gw_b.headers.empty());
  for (auto& c : calls)
    pacer.remove(c.session.get());
  pacer.stop();
}

}  // namespace
}  // namespace va::rtp
