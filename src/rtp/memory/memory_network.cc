// MemoryNetwork: in-memory datagram delivery for unit tests of RtpSession.
#include "rtp/memory/memory_network.h"

#include <cerrno>

namespace va::rtp {

class MemoryNetwork::Socket final : public DatagramSocket {
 public:
  Socket(MemoryNetwork& net, const Endpoint& local) : net_(&net), local_(local) {
    net.sockets_[local] = this;
  }
  ~Socket() override { close(); }

  // DatagramSocket
  Endpoint local_endpoint() const override { return local_; }
  void start(ReceiveHandler handler) override { handler_ = std::move(handler); }
  std::error_code send_to(std::span<const std::uint8_t> data, const Endpoint& to) override {
    if (!net_) return std::make_error_code(std::errc::bad_file_descriptor);
    net_->inject(local_, to, data);
    return {};
  }
  void close() override {
    if (net_) net_->sockets_.erase(local_);
    net_ = nullptr;
    handler_ = nullptr;
  }

  void deliver(std::span<const std::uint8_t> data, const Endpoint& from) {
    if (handler_) handler_(data, from);
  }

 private:
  MemoryNetwork* net_;
  Endpoint local_;
  ReceiveHandler handler_;
};

core::Result<std::unique_ptr<DatagramSocket>> MemoryNetwork::bind(const Endpoint& local) {
  if (sockets_.count(local)) return std::make_error_code(std::errc::address_in_use);
  return std::unique_ptr<DatagramSocket>(new Socket(*this, local));
}

bool MemoryNetwork::inject(const Endpoint& from, const Endpoint& to,
                           std::span<const std::uint8_t> data) {
  ++sent_;
  auto it = sockets_.find(to);
  if (it == sockets_.end()) {
    ++undeliverable_;
    return false;
  }
  // Copy first: the receiver may send (and so reenter) while handling.
  const std::vector<std::uint8_t> copy(data.begin(), data.end());
  it->second->deliver(copy, from);
  return true;
}

}  // namespace va::rtp
