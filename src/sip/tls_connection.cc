// TlsConnection: handshakes with verification, framing, ordered writes, keep-alive
// (RFC 3261 26.2, RFC 5922, RFC 5626 3.5.1).
#include "sip/tls_connection.h"

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <spdlog/spdlog.h>

#include <boost/asio/write.hpp>

#include "sip/udp_transport.h"

namespace va::sip {
namespace {

constexpr std::string_view kPing = "\r\n\r\n";
constexpr std::string_view kPong = "\r\n";

// The TlsFailure a certificate verification result stands for.
TlsFailure classify(long verify_result) {
  switch (verify_result) {
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
      return TlsFailure::HostnameMismatch;
    case X509_V_ERR_CERT_HAS_EXPIRED:
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return TlsFailure::Expired;
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
      return TlsFailure::Untrusted;
    default:
      return TlsFailure::VerifyOther;
  }
}

std::string host_port(const std::string& host, std::uint16_t port) {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace

TlsConnection::TlsConnection(boost::asio::ip::tcp::socket socket,
                             boost::asio::ssl::context& context, std::uint64_t id,
                             std::size_t max_message, TlsCounters& counters, Hooks hooks)
    : stream_(std::move(socket), context),
      id_(id),
      framer_(max_message),
      counters_(counters),
      hooks_(std::move(hooks)),
      ping_timer_(stream_.get_executor()),
      pong_timer_(stream_.get_executor()) {
  remote_.protocol = TransportProtocol::Tls;
  remote_.connection_id = id_;
}

void TlsConnection::accept() {
  boost::system::error_code ec;
  const auto peer = stream_.next_layer().remote_endpoint(ec);
  if (ec) {
    fail();
    return;
  }
  remote_.address = normalize(peer.address());
  remote_.port = peer.port();
  handshake(boost::asio::ssl::stream_base::server);
}

void TlsConnection::connect(const TransportAddress& to, TlsKeepAlive keepalive) {
  opened_by_us_ = true;
  keepalive_ = keepalive;
  remote_.address = normalize(to.address);
  remote_.port = to.port;
  verified_host_ = to.host.empty() ? remote_.address.to_string() : to.host;
  remote_.host = verified_host_;
  SSL* ssl = stream_.native_handle();
  boost::system::error_code ec;
  const auto literal = boost::asio::ip::make_address(verified_host_, ec);
  if (ec) {  // rule 2: a DNS name is checked against the SANs and sent as SNI
    SSL_set_tlsext_host_name(ssl, verified_host_.c_str());
    SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    SSL_set1_host(ssl, verified_host_.c_str());
  } else {
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), literal.to_string().c_str());
  }
  auto address = to.address;
  stream_.next_layer().async_connect(
      boost::asio::ip::tcp::endpoint(address, to.port),
      [self = shared_from_this()](const boost::system::error_code& error) {
        if (self->closed_) return;
        if (error) {
          self->refuse(TlsFailure::Connect, "connect failed: " + error.message());
          return;
        }
        self->handshake(boost::asio::ssl::stream_base::client);
      });
}

void TlsConnection::handshake(boost::asio::ssl::stream_base::handshake_type type) {
  stream_.async_handshake(type, [self = shared_from_this()](const boost::system::error_code& ec) {
    if (!self->closed_) self->on_handshake(ec);
  });
}

void TlsConnection::on_handshake(const boost::system::error_code& ec) {
  if (ec) {
    const long verify = SSL_get_verify_result(stream_.native_handle());
    if (opened_by_us_ && verify != X509_V_OK) {
      refuse(classify(verify),
             std::string("certificate verify failed: ") + X509_verify_cert_error_string(verify));
    } else {
      refuse(TlsFailure::Handshake, "handshake failed: " + ec.message());
    }
    return;
  }
  established_ = true;
  counters_.handshakes_ok.fetch_add(1, std::memory_order_relaxed);
  counters_.connections_live.fetch_add(1, std::memory_order_relaxed);
  spdlog::debug("sip tls: {} {} established", remote_.to_string(),
                opened_by_us_ ? verified_host_ : "accepted");
  read();
  write_next();
  arm_ping();
}

void TlsConnection::refuse(TlsFailure failure, const std::string& reason) {
  counters_.count_failure(failure);
  if (opened_by_us_) {
    spdlog::warn("TLS to {} refused: {}", host_port(verified_host_, remote_.port), reason);
  } else {
    spdlog::info("TLS from {} failed: {}", remote_.to_string(), reason);
  }
  auto pending = std::move(queue_);
  queue_.clear();
  fail();
  for (auto& p : pending) {
    if (p.on_error) p.on_error(reason);
  }
}

void TlsConnection::read() {
  stream_.async_read_some(
      boost::asio::buffer(buffer_),
      [self = shared_from_this()](const boost::system::error_code& ec, std::size_t bytes) {
        if (self->closed_) return;
        if (ec) {
          self->fail();
          return;
        }
        self->on_read(bytes);
      });
}

void TlsConnection::on_read(std::size_t bytes) {
  framer_.feed(std::string_view(buffer_.data(), bytes));
  while (!closed_) {
    auto next = framer_.next();
    if (!next) {  // rule 5
      spdlog::debug("sip tls: {} closed: {}", remote_.to_string(), next.error().message());
      fail();
      return;
    }
    if (!*next) break;
    hooks_.on_message(std::move(**next), remote_);
  }
  const auto keepalives = framer_.take_keepalives();
  for (std::size_t i = 0; i < keepalives.pings && !closed_; ++i) {  // rule 4
    counters_.pings_answered.fetch_add(1, std::memory_order_relaxed);
    write(std::string(kPong));
  }
  if (keepalives.pongs > 0 && awaiting_pong_) {
    counters_.pongs_received.fetch_add(1, std::memory_order_relaxed);
    awaiting_pong_ = false;
    pong_timer_.cancel();
    arm_ping();
  }
  if (!closed_) read();
}

void TlsConnection::write(std::string data, ErrorHandler on_error) {
  if (closed_) {
    if (on_error) on_error("connection closed");
    return;
  }
  queue_.push_back(Pending{std::move(data), std::move(on_error)});
  if (queue_.size() == 1 && established_) write_next();
}

void TlsConnection::write_next() {
  if (queue_.empty() || closed_) return;
  boost::asio::async_write(
      stream_, boost::asio::buffer(queue_.front().data),
      [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
        if (self->closed_) return;
        if (ec) {
          self->fail();
          return;
        }
        self->queue_.pop_front();
        self->write_next();
      });
}

void TlsConnection::arm_ping() {
  if (!opened_by_us_ || keepalive_.interval.count() <= 0 || closed_) return;
  ping_timer_.expires_after(keepalive_.interval);
  ping_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    auto self = weak.lock();
    if (ec || !self || self->closed_) return;
    self->on_ping_timer();
  });
}

void TlsConnection::on_ping_timer() {
  awaiting_pong_ = true;
  counters_.pings_sent.fetch_add(1, std::memory_order_relaxed);
  write(std::string(kPing));
  pong_timer_.expires_after(keepalive_.pong_timeout);
  pong_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    auto self = weak.lock();
    if (ec || !self || self->closed_ || !self->awaiting_pong_) return;
    self->counters_.flows_failed.fetch_add(1, std::memory_order_relaxed);
    spdlog::warn("TLS to {}: no keep-alive pong within {} ms, connection closed",
                 host_port(self->verified_host_, self->remote_.port),
                 self->keepalive_.pong_timeout.count());
    const TransportAddress flow = self->remote_;
    auto on_flow_failed = self->hooks_.on_flow_failed;
    self->fail();
    if (on_flow_failed) on_flow_failed(flow);
  });
}

void TlsConnection::close() {
  if (closed_) return;
  closed_ = true;
  if (established_) counters_.connections_live.fetch_sub(1, std::memory_order_relaxed);
  queue_.clear();
  ping_timer_.cancel();
  pong_timer_.cancel();
  boost::system::error_code ec;
  // No close_notify round trip: the peer learns from the TCP FIN (RFC 8446 6.1 allows it
  // when no more data is expected) and we never wait on a peer to shut down.
  stream_.next_layer().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
  stream_.next_layer().close(ec);
}

void TlsConnection::fail() {
  if (closed_) return;
  close();
  if (hooks_.on_closed) hooks_.on_closed(id_);
}

}  // namespace va::sip
