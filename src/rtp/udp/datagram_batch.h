// DatagramBatch: one recvmmsg(2) on a non-blocking UDP socket, into scratch buffers shared by
// every socket a shard thread drains, so a call's socket owns no receive buffer of its own.
#pragma once

#include <sys/socket.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <system_error>

#include "rtp/datagram_socket.h"

namespace va::rtp {

// Thread-compatible scratch space: what receive() returns is valid until the next receive() on
// the same thread. The shard's reactor never nests one socket's handlers inside another's, so
// a handler never sees its batch overwritten under it.
class DatagramBatch {
 public:
  // 16 datagrams: a call's port rarely holds more than a jitter burst (a few 20 ms packets);
  // the cap bounds one syscall's work so other calls on the shard are not starved.
  static constexpr int kCapacity = 16;
  // Larger than any RTP/RTCP packet on a 1500-byte MTU; a longer datagram is truncated (as a
  // single receive_from into a buffer of this size was).
  static constexpr std::size_t kDatagramBytes = 2048;

  // The calling thread's batch (created on first use, lives as long as the thread).
  static DatagramBatch& for_this_thread();

  // One recvmmsg(MSG_DONTWAIT) on fd. Returns how many datagrams arrived (>= 1), or sets ec:
  // would_block when nothing is queued, else the socket's error. Fewer than kCapacity means the
  // queue was empty when the kernel stopped (an unconnected UDP socket reports no ICMP errors),
  // so a datagram arriving later raises a fresh readiness edge.
  int receive(int fd, std::error_code& ec);

  std::span<const std::uint8_t> data(int i) const;
  Endpoint from(int i) const;

 private:
  DatagramBatch();

  std::array<std::array<std::uint8_t, kDatagramBytes>, kCapacity> buffers_;
  std::array<sockaddr_storage, kCapacity> addresses_;
  std::array<iovec, kCapacity> iovecs_;
  std::array<mmsghdr, kCapacity> headers_;
};

}  // namespace va::rtp
