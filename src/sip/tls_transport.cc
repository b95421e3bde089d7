// TlsTransport: accept, connection table, reuse and verified outbound connections
// (RFC 3261 26.2, RFC 5923).
#include "sip/tls_transport.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "sip/stream_listener.h"
#include "sip/udp_transport.h"

namespace va::sip {

TlsTransport::TlsTransport(boost::asio::io_context& context, TlsContexts contexts,
                           std::size_t max_message, TlsKeepAlive keepalive, TlsCounters& counters,
                           Hooks hooks)
    : context_(context),
      contexts_(std::move(contexts)),
      acceptor_(context),
      max_message_(max_message),
      keepalive_(keepalive),
      counters_(counters),
      hooks_(std::move(hooks)) {}

std::error_code TlsTransport::listen(const boost::asio::ip::tcp::endpoint& endpoint) {
  if (!contexts_.server) return std::make_error_code(std::errc::invalid_argument);
  if (auto ec = open_stream_listener(acceptor_, endpoint, local_)) return ec;
  listening_ = true;
  return {};
}

void TlsTransport::start() {
  if (listening_) accept();
}

void TlsTransport::accept() {
  acceptor_.async_accept(
      [this](const boost::system::error_code& ec, boost::asio::ip::tcp::socket socket) {
        if (ec == boost::asio::error::operation_aborted || closed_) return;
        if (!ec) add(std::move(socket), *contexts_.server)->accept();
        accept();
      });
}

std::shared_ptr<TlsConnection> TlsTransport::add(boost::asio::ip::tcp::socket socket,
                                                 boost::asio::ssl::context& context) {
  const std::uint64_t id = next_id_++;
  Hooks hooks = hooks_;
  hooks.on_closed = [this](std::uint64_t closed_id) { connections_.erase(closed_id); };
  auto connection = std::make_shared<TlsConnection>(std::move(socket), context, id, max_message_,
                                                    counters_, std::move(hooks));
  connections_.emplace(id, Entry{connection, false});
  return connection;
}

void TlsTransport::close() {
  closed_ = true;
  listening_ = false;
  boost::system::error_code ec;
  acceptor_.close(ec);
  auto connections = std::move(connections_);
  connections_.clear();
  for (auto& [id, entry] : connections)
    entry.connection->close();
}

void TlsTransport::add_alias(std::uint64_t connection_id, const TransportAddress& sent_by) {
  if (auto it = connections_.find(connection_id); it != connections_.end()) {
    it->second.aliased = true;
    it->second.alias = sent_by;
  }
}

void TlsTransport::send(std::string data, const TransportAddress& to, ErrorHandler on_error) {
  boost::asio::post(context_,
                    [this, data = std::move(data), to, on_error = std::move(on_error)]() mutable {
                      send_on_io(std::move(data), to, std::move(on_error));
                    });
}

TlsConnection* TlsTransport::find_reusable(const TransportAddress& to) {
  if (auto it = connections_.find(to.connection_id); it != connections_.end()) {
    return it->second.connection.get();  // rule 1
  }
  const auto address = normalize(to.address);
  for (auto& [id, entry] : connections_) {  // rule 2
    const auto& connection = *entry.connection;
    const auto& remote = connection.remote();
    const bool alias = entry.aliased && !entry.alias.address.is_unspecified() &&
                       entry.alias.address == address && entry.alias.port == to.port;
    if (alias) return entry.connection.get();
    if (remote.address != address || remote.port != to.port) continue;
    const std::string wanted = to.host.empty() ? address.to_string() : to.host;
    if (connection.opened_by_us() ? connection.verified_host() == wanted : entry.aliased) {
      return entry.connection.get();
    }
  }
  return nullptr;
}

void TlsTransport::send_on_io(std::string data, const TransportAddress& to, ErrorHandler on_error) {
  if (closed_) {
    if (on_error) on_error("transport closed");
    return;
  }
  if (TlsConnection* connection = find_reusable(to)) {
    connection->write(std::move(data), std::move(on_error));
    return;
  }
  auto connection = add(boost::asio::ip::tcp::socket(context_), *contexts_.client);
  connection->write(std::move(data), std::move(on_error));  // rule 3: queued until the handshake
  connection->connect(to, keepalive_);
}

}  // namespace va::sip
