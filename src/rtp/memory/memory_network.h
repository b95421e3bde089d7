// MemoryNetwork: an in-memory datagram pipe standing in for UDP in unit tests (DatagramSocket).
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "rtp/datagram_socket.h"

namespace va::rtp {

// Delivers synchronously inside send_to(): deterministic, no io_context needed. Any endpoint
// may be used as a source, so tests can play gateways and attackers from chosen addresses.
class MemoryNetwork {
 public:
  // A socket bound to `local`; fails (EADDRINUSE) when another live socket holds it.
  core::Result<std::unique_ptr<DatagramSocket>> bind(const Endpoint& local);

  // Sends from an address that has no socket (a spoofer, or a peer that never listens).
  // Returns false when nothing listens at `to`.
  bool inject(const Endpoint& from, const Endpoint& to, std::span<const std::uint8_t> data);

  std::size_t datagrams_sent() const { return sent_; }
  std::size_t datagrams_undeliverable() const { return undeliverable_; }

 private:
  class Socket;
  friend class Socket;
  std::map<Endpoint, Socket*> sockets_;
  std::size_t sent_ = 0;
  std::size_t undeliverable_ = 0;
};

}  // namespace va::rtp
