// DatagramBatch: recvmmsg on a real loopback UDP socket: every queued datagram with its sender,
// the capacity bound per call, and would_block once the queue is empty.
#include "rtp/udp/datagram_batch.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <unistd.h>

#include <cstdint>
#include <vector>

namespace va::rtp {
namespace {

struct Socket {
  Socket() {
    fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    socklen_t len = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &len);
  }
  ~Socket() { ::close(fd); }
  void send_to(const Socket& to, std::vector<std::uint8_t> data) const {
    ASSERT_EQ(::sendto(fd, data.data(), data.size(), 0,
                       reinterpret_cast<const sockaddr*>(&to.address), sizeof to.address),
              static_cast<ssize_t>(data.size()));
  }
  int fd = -1;
  sockaddr_in address{};
};

TEST(DatagramBatch, ReceivesEveryQueuedDatagramWithItsSender) {
  Socket rx, tx;
  for (std::uint8_t i = 0; i < 3; ++i)
    tx.send_to(rx, std::vector<std::uint8_t>(10u + i, i));
  auto& batch = DatagramBatch::for_this_thread();
  std::error_code ec;
  const int n = batch.receive(rx.fd, ec);
  ASSERT_FALSE(ec) << ec.message();
  ASSERT_EQ(n, 3);
  for (int i = 0; i < n; ++i) {
    ASSERT_EQ(batch.data(i).size(), 10u + static_cast<unsigned>(i));
    EXPECT_EQ(batch.data(i)[0], i);
    EXPECT_EQ(batch.from(i).port(), ntohs(tx.address.sin_port));
    EXPECT_EQ(batch.from(i).address().to_string(), "127.0.0.1");
  }
  EXPECT_EQ(batch.receive(rx.fd, ec), 0);
  EXPECT_EQ(ec, std::errc::resource_unavailable_try_again);
}

TEST(DatagramBatch, TakesAtMostItsCapacityPerCall) {
  Socket rx, tx;
  const int sent = DatagramBatch::kCapacity + 5;
  for (int i = 0; i < sent; ++i)
    tx.send_to(rx, {static_cast<std::uint8_t>(i)});
  auto& batch = DatagramBatch::for_this_thread();
  std::error_code ec;
  EXPECT_EQ(batch.receive(rx.fd, ec), DatagramBatch::kCapacity);
  EXPECT_EQ(batch.receive(rx.fd, ec), 5);
  EXPECT_EQ(batch.data(4)[0], sent - 1);
}

TEST(DatagramBatch, TruncatesADatagramLongerThanItsBuffer) {
  Socket rx, tx;
  tx.send_to(rx, std::vector<std::uint8_t>(DatagramBatch::kDatagramBytes + 100, 0xab));
  auto& batch = DatagramBatch::for_this_thread();
  std::error_code ec;
  ASSERT_EQ(batch.receive(rx.fd, ec), 1);
  EXPECT_EQ(batch.data(0).size(), DatagramBatch::kDatagramBytes);
}

TEST(DatagramBatch, ReportsABadDescriptor) {
  std::error_code ec;
  EXPECT_EQ(DatagramBatch::for_this_thread().receive(-1, ec), 0);
  EXPECT_EQ(ec, std::errc::bad_file_descriptor);
}

}  // namespace
}  // namespace va::rtp
