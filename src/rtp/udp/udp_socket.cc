// UdpSocket: wait for readability, then drain every queued datagram without blocking, so a busy
// port costs one wakeup per batch rather than one per packet.
#include "rtp/udp/udp_socket.h"

#include <boost/asio/socket_base.hpp>

namespace va::rtp {

namespace asio = boost::asio;

core::Result<std::unique_ptr<DatagramSocket>> DatagramSocket::create_udp(asio::io_context& context,
                                                                         const Endpoint& local) {
  asio::ip::udp::socket socket(context);
  boost::system::error_code ec;
  socket.open(local.protocol(), ec);
  if (!ec) socket.bind(local, ec);
  if (!ec) socket.non_blocking(true, ec);
  if (ec) return std::error_code(ec.value(), std::system_category());
  return std::unique_ptr<DatagramSocket>(new UdpSocket(context, std::move(socket)));
}

UdpSocket::UdpSocket(asio::io_context&, asio::ip::udp::socket socket)
    : state_(std::make_shared<State>(std::move(socket))) {
  boost::system::error_code ec;
  local_ = state_->socket.local_endpoint(ec);
}

UdpSocket::~UdpSocket() {
  close();
}

void UdpSocket::start(ReceiveHandler handler) {
  state_->handler = std::move(handler);
  arm(state_);
}

void UdpSocket::arm(const std::shared_ptr<State>& state) {
  state->socket.async_wait(asio::socket_base::wait_read,
                           [state](const boost::system::error_code& ec) {
                             if (ec || !state->handler) return;  // operation_aborted on close
                             drain(*state);
                             if (state->handler) arm(state);
                           });
}

void UdpSocket::drain(State& state) {
  for (;;) {
    boost::system::error_code ec;
    const std::size_t n = state.socket.receive_from(asio::buffer(state.buffer), state.from, 0, ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) return;
    if (ec) continue;  // e.g. ICMP port unreachable surfaced as ECONNREFUSED: keep reading
    state.handler({state.buffer.data(), n}, state.from);
    if (!state.handler) return;  // closed from inside the handler
  }
}

std::error_code UdpSocket::send_to(std::span<const std::uint8_t> data, const Endpoint& to) {
  boost::system::error_code ec;
  state_->socket.send_to(asio::buffer(data.data(), data.size()), to, 0, ec);
  return ec ? std::error_code(ec.value(), std::system_category()) : std::error_code{};
}

void UdpSocket::close() {
  if (!state_) return;
  state_->handler = nullptr;
  boost::system::error_code ec;
  state_->socket.close(ec);
}

}  // namespace va::rtp
