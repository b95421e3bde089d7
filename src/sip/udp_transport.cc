// UdpTransport: asynchronous reads on the transport thread, synchronous sends from any shard.
#include "sip/udp_transport.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <boost/asio/ip/v6_only.hpp>
#include <cstring>

namespace va::sip {

boost::asio::ip::address normalize(const boost::asio::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
  }
  return address;
}

UdpTransport::UdpTransport(boost::asio::io_context& context, Handler handler)
    : socket_(context), handler_(std::move(handler)) {}

std::error_code UdpTransport::bind(const boost::asio::ip::udp::endpoint& endpoint) {
  boost::system::error_code ec;
  socket_.open(endpoint.protocol(), ec);
  if (!ec && endpoint.address().is_v6() && endpoint.address().is_unspecified()) {
    socket_.set_option(boost::asio::ip::v6_only(false), ec);  // "[::]" takes IPv4 too
  }
  if (!ec) socket_.bind(endpoint, ec);
  if (!ec) local_ = socket_.local_endpoint(ec);
  if (ec) {
    socket_.close();
    return ec;
  }
  fd_ = socket_.native_handle();
  return {};
}

void UdpTransport::start() {
  reading_ = true;
  read();
}

void UdpTransport::read() {
  socket_.async_receive_from(
      boost::asio::buffer(buffer_), sender_,
      [this](const boost::system::error_code& ec, std::size_t bytes) {
        if (ec == boost::asio::error::operation_aborted || !reading_) return;
        if (!ec) {
          TransportAddress source{TransportProtocol::Udp, normalize(sender_.address()),
                                  sender_.port(), 0};
          handler_(std::string_view(buffer_.data(), bytes), bytes >= buffer_.size(), source);
        }
        // Errors such as ICMP port unreachable (ECONNREFUSED) must not stop the socket.
        read();
      });
}

void UdpTransport::stop_reading() {
  reading_ = false;
  boost::system::error_code ec;
  socket_.cancel(ec);
}

void UdpTransport::close() {
  reading_ = false;
  fd_ = -1;
  boost::system::error_code ec;
  socket_.close(ec);
}

bool UdpTransport::send(std::string_view data, const TransportAddress& to) {
  const int fd = fd_.load();
  if (fd < 0) return false;
  sockaddr_storage storage{};
  socklen_t length = 0;
  auto address = to.address;
  if (local_.address().is_v6() && address.is_v4()) {
    address = boost::asio::ip::make_address_v6(boost::asio::ip::v4_mapped, address.to_v4());
  }
  if (address.is_v4() != local_.address().is_v4()) return false;  // no route from this family
  if (address.is_v4()) {
    auto* sin = reinterpret_cast<sockaddr_in*>(&storage);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(to.port);
    const auto bytes = address.to_v4().to_bytes();
    std::memcpy(&sin->sin_addr, bytes.data(), bytes.size());
    length = sizeof(sockaddr_in);
  } else {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&storage);
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons(to.port);
    const auto v6 = address.to_v6();
    const auto bytes = v6.to_bytes();
    std::memcpy(&sin6->sin6_addr, bytes.data(), bytes.size());
    sin6->sin6_scope_id = v6.scope_id();
    length = sizeof(sockaddr_in6);
  }
  const auto sent = ::sendto(fd, data.data(), data.size(), MSG_NOSIGNAL,
                             reinterpret_cast<const sockaddr*>(&storage), length);
  return sent == static_cast<ssize_t>(data.size());
}

}  // namespace va::sip
