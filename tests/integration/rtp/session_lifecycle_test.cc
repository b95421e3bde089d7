// Opens and ends 100 sessions on real loopback ports from the pool, then checks every lease is
// back (resting) and every port is free to bind again: nothing of a call outlives it.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <vector>

#include "rtp/port_pool.h"
#include "rtp/rtp_session.h"

namespace va::rtp {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;

TEST(RtpSessionLifecycle, HundredSessionsOpenAndCloseLeavingNothingBehind) {
  asio::io_context ctx;
  core::SimulatedClock clock;
  PortPool pool({32000, 32999, 30s}, clock);
  const Endpoint remote(asio::ip::address_v4::loopback(), 9);  // discard port: nobody listens
  struct Call {
    PortLease lease;
    std::unique_ptr<RtpSession> session;
  };
  std::vector<Call> calls;
  std::size_t busy = 0;
  while (calls.size() < 100) {
    auto lease = pool.allocate(false);
    ASSERT_TRUE(lease.has_value()) << "pool exhausted";
    auto rtp = DatagramSocket::create_udp(ctx, {asio::ip::address_v4::loopback(), lease->rtp_port});
    auto rtcp =
        DatagramSocket::create_udp(ctx, {asio::ip::address_v4::loopback(), lease->rtcp_port});
    if (!rtp || !rtcp) {  // taken by another process: give it back and take the next one
      pool.release(*lease);
      ++busy;
      continue;
    }
    RemoteMedia media{remote, Endpoint(remote.address(), 10), false};
    auto session = std::make_unique<RtpSession>(std::move(*rtp), std::move(*rtcp), media,
                                                RtpSessionConfig{}, clock, RtpSessionEvents{});
    session->start();
    calls.push_back({*lease, std::move(session)});
  }
  EXPECT_EQ(pool.leased(), 100u);
  std::vector<PortLease> leases;
  for (auto& c : calls) {
    c.session->close();
    c.session.reset();
    pool.release(c.lease);
    leases.push_back(c.lease);
  }
  calls.clear();
  ctx.run_for(10ms);
  EXPECT_EQ(pool.leased(), 0u);
  EXPECT_EQ(pool.resting(), 100u + busy);
  for (const auto& l : leases) {
    EXPECT_TRUE(DatagramSocket::create_udp(ctx, {asio::ip::address_v4::loopback(), l.rtp_port}))
        << l.rtp_port;
    EXPECT_TRUE(DatagramSocket::create_udp(ctx, {asio::ip::address_v4::loopback(), l.rtcp_port}))
        << l.rtcp_port;
  }
}

}  // namespace
}  // namespace va::rtp
