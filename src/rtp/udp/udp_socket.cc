// UdpSocket: wait for readability, then drain the queued datagrams with recvmmsg (DatagramBatch),
// so a busy port costs one wakeup and one syscall per batch rather than two syscalls per packet.
#include "rtp/udp/udp_socket.h"

#include <boost/asio/post.hpp>
#include <boost/asio/socket_base.hpp>

#include "rtp/udp/datagram_batch.h"

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
                             drain_then_rearm(state);
                           });
}

void UdpSocket::drain_then_rearm(const std::shared_ptr<State>& state) {
  if (!drain(*state)) {
    if (state->handler) arm(state);
    return;
  }
  // Budget spent with datagrams left: no new readiness edge will come for them, so continue
  // after the shard's other ready handlers rather than waiting.
  asio::post(state->socket.get_executor(), [state] {
    if (state->handler) drain_then_rearm(state);
  });
}

bool UdpSocket::drain(State& state) {
  // 4 batches per wakeup (64 datagrams): more than a call's port ever queues in 20 ms.
  constexpr int kMaxBatches = 4;
  auto& batch = DatagramBatch::for_this_thread();
  const int fd = state.socket.native_handle();
  for (int round = 0; round < kMaxBatches; ++round) {
    std::error_code ec;
    const int n = batch.receive(fd, ec);
    if (ec == std::errc::resource_unavailable_try_again) return false;
    if (ec) continue;  // e.g. ICMP port unreachable surfaced as ECONNREFUSED: keep reading
    for (int i = 0; i < n; ++i) {
      state.handler(batch.data(i), batch.from(i));
      if (!state.handler) return false;  // closed from inside the handler
    }
    if (n < DatagramBatch::kCapacity) return false;  // queue emptied: a later datagram is an edge
  }
  return true;
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
