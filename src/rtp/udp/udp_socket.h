// UdpSocket: DatagramSocket over a non-blocking asio UDP socket on the owning shard.
#pragma once

#include <memory>

#include "rtp/datagram_socket.h"

namespace va::rtp {

class UdpSocket final : public DatagramSocket {
 public:
  UdpSocket(boost::asio::io_context& context, boost::asio::ip::udp::socket socket);
  ~UdpSocket() override;

  // DatagramSocket
  Endpoint local_endpoint() const override { return local_; }
  void start(ReceiveHandler handler) override;
  std::error_code send_to(std::span<const std::uint8_t> data, const Endpoint& to) override;
  void close() override;

 private:
  // Shared with the pending receive so a handler completing after close() finds it alive.
  struct State {
    explicit State(boost::asio::ip::udp::socket s) : socket(std::move(s)) {}
    boost::asio::ip::udp::socket socket;
    ReceiveHandler handler;
  };
  static void arm(const std::shared_ptr<State>& state);
  static void drain_then_rearm(const std::shared_ptr<State>& state);
  // Returns true when the socket may still hold datagrams (the batch budget ran out).
  static bool drain(State& state);

  std::shared_ptr<State> state_;
  Endpoint local_;
};

}  // namespace va::rtp
