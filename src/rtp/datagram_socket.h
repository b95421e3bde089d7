// DatagramSocket: the network seam of an RtpSession (a real UDP socket, or an in-memory pipe).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <system_error>

#include "core/result.h"

namespace va::rtp {

using Endpoint = boost::asio::ip::udp::endpoint;

// One local UDP port. Handlers run on the owner's shard; the data span is valid only during the
// call. Destroying the socket stops delivery at once (no handler runs afterwards).
class DatagramSocket {
 public:
  using ReceiveHandler = std::function<void(std::span<const std::uint8_t>, const Endpoint& from)>;

  virtual ~DatagramSocket() = default;

  // A real UDP socket bound to `local` (port 0 picks one), receiving on `context`.
  static core::Result<std::unique_ptr<DatagramSocket>> create_udp(boost::asio::io_context& context,
                                                                  const Endpoint& local);

  virtual Endpoint local_endpoint() const = 0;
  // Starts delivering datagrams to handler until close().
  virtual void start(ReceiveHandler handler) = 0;
  // Sends without blocking; a full socket buffer drops the datagram and returns the error.
  virtual std::error_code send_to(std::span<const std::uint8_t> data, const Endpoint& to) = 0;
  virtual void close() = 0;
};

}  // namespace va::rtp
